"""Writes of the limit-technology desk. Each checks who may do it (deny by default), runs in one
transaction, goes to the activity log and notifies whoever takes the case over.

submitted ──triage──▶ triaged ──offer──▶ offered ──accept──▶ in progress ──resolve──▶ resolved
    │                                       │  (every offer declined: back to triaged)      │
    └──────────────── withdraw (the company, before a result) ──▶ withdrawn          rate ──▶ closed
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.accounts import roles
from ppuri.challenges import triage
from ppuri.challenges.models import (
    Challenge,
    ChallengeAttachment,
    Consultation,
    ConsultationAttachment,
    Expert,
    Offer,
    TriageCorrection,
)
from ppuri.challenges.routing import ExpertPool, Fit, assign_batch
from ppuri.core import files
from ppuri.core.access import Kind, access_record
from ppuri.core.activity import activity_log
from ppuri.core.i18n import in_each_language
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.core.privacy import refuse_resident_number
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import is_member, organization_people
from ppuri.search.services import index_refresh

Status = Challenge.Status
# Where a case may still be withdrawn by its company.
WITHDRAWABLE = (Status.SUBMITTED, Status.TRIAGED, Status.OFFERED, Status.IN_PROGRESS)


def expert_of(user: Any) -> Expert | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(user=user).first()


def _company_people(challenge: Challenge) -> list[Any]:
    return organization_people(organization_id=challenge.company_id)


def _operators() -> list[Any]:
    from ppuri.accounts.models import Role, User

    return list(User.objects.filter(role=Role.OPERATOR, is_active=True))


def _locked(challenge: Challenge) -> Challenge:
    """The case as stored now, locked until the transaction ends (PostgreSQL; SQLite's writes are
    serialised already): two people acting at once cannot both act on the state they loaded."""
    fresh = Challenge.objects.select_for_update().get(pk=challenge.pk)
    challenge.status = fresh.status
    return fresh


def _locked_offer(offer: Offer) -> Offer:
    fresh = Offer.objects.select_for_update().select_related("expert", "challenge").get(pk=offer.pk)
    offer.status = fresh.status
    return fresh


def _check_text(**texts: str) -> None:
    """Free text with a 주민등록번호-shaped number is refused, naming the field."""
    errors = {}
    for name, value in texts.items():
        try:
            refuse_resident_number(value)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def challenge_create(
    *,
    actor: Any,
    company: Organization,
    title: str,
    description: str,
    technology: Technology | None = None,
    process: Process | None = None,
    material: Material | None = None,
    defect: Defect | None = None,
    urgency: str = Challenge.Urgency.NORMAL,
    confidentiality: str = Challenge.Confidentiality.CONFIDENTIAL,
    attachments: Iterable[Any] = (),
) -> Challenge:
    """A company posts a problem. The classifier's proposal is kept with it for the operator's
    triage; what the company picked itself stands as the current values."""
    roles.require_challenge_poster(actor)
    if not (is_operator(actor) or is_member(user=actor, organization_id=company.pk)):
        raise PermissionDenied
    _check_text(title=title, description=description)
    uploads = list(attachments)
    kinds = [files.check(upload) for upload in uploads]  # every file checked before any is stored
    proposal = triage.classify(f"{title}\n{description}")
    challenge = Challenge(
        company=company,
        created_by=actor,
        title=title,
        description=description,
        technology=technology,
        process=process,
        material=material,
        defect=defect,
        urgency=urgency,
        confidentiality=confidentiality,
        suggestion=proposal.as_json(),
    )
    challenge.full_clean(exclude=["company", "created_by"])
    challenge.save()
    for upload, kind in zip(uploads, kinds, strict=True):
        files.store(ChallengeAttachment, upload, kind, challenge=challenge)
    index_refresh(doc_type="challenge", object_ids=[challenge.pk])  # found by search if public
    activity_log(
        actor=actor,
        verb="challenges.challenge.created",
        target=challenge,
        scope=challenge,
        summary=lambda: _("한계기술 과제를 접수했습니다: %(title)s") % {"title": challenge.title},
    )
    notify(
        recipients=_operators(),
        verb="challenges.challenge.created",
        summary=lambda: (
            _("새 한계기술 과제: %(title)s (%(company)s)")
            % {"title": challenge.title, "company": company.display_name}
        ),
        url=challenge.get_absolute_url(),
    )
    return challenge


@transaction.atomic
def attachment_add(*, actor: Any, challenge: Challenge, upload: Any) -> ChallengeAttachment:
    """A drawing or document added later by the company (or an operator), while the case is open."""
    if not (is_operator(actor) or is_member(user=actor, organization_id=challenge.company_id)):
        raise PermissionDenied
    kind = files.check(upload)
    _locked(challenge)
    if challenge.status in (Status.CLOSED, Status.WITHDRAWN):
        raise ValidationError(_("끝난 과제에는 파일을 더할 수 없습니다."))
    attachment = files.store(ChallengeAttachment, upload, kind, challenge=challenge)
    activity_log(
        actor=actor,
        verb="challenges.attachment.added",
        target=challenge,
        scope=challenge,
        summary=lambda: _("과제에 파일을 더했습니다: %(name)s") % {"name": attachment.name},
    )
    return attachment


@transaction.atomic
def challenge_triage(
    *,
    actor: Any,
    challenge: Challenge,
    technology: Technology | None,
    process: Process | None = None,
    material: Material | None = None,
    defect: Defect | None = None,
) -> Challenge:
    """An operator confirms or corrects the classification. Every field that differs from the
    classifier's proposal is kept as a correction, and later proposals learn from confirmed cases."""
    if not is_operator(actor):
        raise PermissionDenied
    _locked(challenge)
    if challenge.status not in (Status.SUBMITTED, Status.TRIAGED):
        raise ValidationError(_("이미 전문가에게 넘어간 과제는 다시 분류할 수 없습니다."))
    if technology is None:
        raise ValidationError({"technology": [_("뿌리기술을 정해 주세요.")]})
    for name, owned in (("process", process), ("defect", defect)):
        if owned is not None and owned.technology_id != technology.pk:
            raise ValidationError({name: [_("선택한 뿌리기술에 속하지 않습니다.")]})
    chosen = {"technology": technology, "process": process, "material": material, "defect": defect}
    text = f"{challenge.title}\n{challenge.description}"
    suggested = {name: (challenge.suggestion.get(name) or {}).get("slug", "") for name in triage.FIELDS}
    TriageCorrection.objects.bulk_create(
        [
            TriageCorrection(
                challenge=challenge,
                field=name,
                suggested=suggested[name],
                confirmed=value.slug if value else "",
                text=text,
                corrected_by=actor,
            )
            for name, value in chosen.items()
            if suggested[name] != (value.slug if value else "")
        ]
    )
    for name, value in chosen.items():
        setattr(challenge, name, value)
    challenge.status = Status.TRIAGED
    challenge.triaged_by = actor
    challenge.triaged_at = timezone.now()
    challenge.save()
    index_refresh(doc_type="challenge", object_ids=[challenge.pk])
    activity_log(
        actor=actor,
        verb="challenges.challenge.triaged",
        target=challenge,
        scope=challenge,
        summary=lambda: _("과제 ‘%(title)s’의 분류를 확정했습니다.") % {"title": challenge.title},
    )
    return challenge


@transaction.atomic
def offers_create(*, actor: Any, challenge: Challenge, experts: Iterable[Expert]) -> list[Offer]:
    """An operator offers the case to experts (usually the three the routing proposes). Each offer
    keeps the fit and reasons it was made with; conflicts and full capacity are refused."""
    if not is_operator(actor):
        raise PermissionDenied
    _locked(challenge)
    if challenge.status not in (Status.TRIAGED, Status.OFFERED, Status.IN_PROGRESS):
        raise ValidationError(_("분류가 확정된 과제만 전문가에게 제안할 수 있습니다."))
    experts = list(experts)
    if not experts:
        raise ValidationError(_("제안할 전문가를 한 명 이상 고르세요."))
    # Their loads are read under lock: two operators at once cannot both fill an expert's last slot.
    list(Expert.objects.select_for_update().filter(pk__in=[e.pk for e in experts]))
    pool = ExpertPool(cases=[challenge.pk])
    profiles = {profile.expert.pk: profile for profile in pool.profiles}
    words = triage.terms_of(f"{challenge.title}\n{challenge.description}")
    fits: list[Fit] = []
    for expert in experts:
        profile = profiles.get(expert.pk)
        if profile is None or not pool.eligible(profile, challenge):
            raise ValidationError(
                _(
                    "%(expert)s 전문가에게는 제안할 수 없습니다"
                    "(이해관계, 배정 불가 또는 정원 초과, 이미 제안됨)."
                )
                % {"expert": expert.name}
            )
        found = pool.fit(profile, challenge, words)
        fits.append(
            found or Fit(expert=expert, score=0.0, notes=[(gettext_noop("운영기관이 직접 지정"), {})])
        )
    return _offer(actor=actor, challenge=challenge, fits=fits)


def _reasons_of(fit: Fit) -> list[str]:
    return fit.reasons


def _offer(*, actor: Any, challenge: Challenge, fits: list[Fit]) -> list[Offer]:
    try:
        with transaction.atomic():
            offers = Offer.objects.bulk_create(
                [
                    Offer(
                        challenge=challenge,
                        expert=f.expert,
                        score=f.score,
                        reasons=in_each_language(partial(_reasons_of, f)),
                        offered_by=actor,
                    )
                    for f in fits
                ]
            )
    except IntegrityError as exc:  # the same expert offered the case by someone else meanwhile
        raise ValidationError(_("이미 이 과제를 제안받은 전문가가 있습니다.")) from exc
    if challenge.status == Status.TRIAGED:
        challenge.status = Status.OFFERED
        challenge.save(update_fields=["status", "updated_at"])
    names = ", ".join(f.expert.name for f in fits)
    activity_log(
        actor=actor,
        verb="challenges.offer.created",
        target=challenge,
        scope=challenge,
        summary=lambda: (
            _("%(experts)s 전문가에게 과제를 제안했습니다: %(title)s")
            % {"title": challenge.title, "experts": names}
        ),
    )
    notify(
        recipients=[f.expert.user for f in fits],
        verb="challenges.offer.created",
        summary=lambda: _("자문 요청이 왔습니다: %(title)s") % {"title": challenge.title},
        url=challenge.get_absolute_url(),
    )
    return offers


@transaction.atomic
def offers_assign_batch(
    *, actor: Any, challenges: Iterable[Challenge], per_case: int = 1
) -> dict[int, list[Offer]]:
    """Route many triaged cases at once (routing.assign_batch): load spread, no expert over capacity."""
    if not is_operator(actor):
        raise PermissionDenied
    ids = [c.pk for c in challenges]
    cases = list(
        Challenge.objects.select_for_update().filter(pk__in=ids, status=Status.TRIAGED).order_by("pk")
    )
    list(Expert.objects.select_for_update())  # loads read under lock, as in offers_create
    assignment = assign_batch(cases, per_case=per_case)
    made = {}
    for challenge in cases:
        fits = assignment.get(challenge.pk, [])
        made[challenge.pk] = _offer(actor=actor, challenge=challenge, fits=fits) if fits else []
    return made


def _own_offer(actor: Any, offer: Offer) -> None:
    if not (offer.expert.user_id and getattr(actor, "pk", None) == offer.expert.user_id):
        raise PermissionDenied


@transaction.atomic
def offer_accept(*, actor: Any, offer: Offer) -> Offer:
    _own_offer(actor, offer)
    _locked_offer(offer)
    _locked(offer.challenge)
    if offer.status != Offer.Status.OFFERED:
        raise ValidationError(_("대기 중인 제안만 수락할 수 있습니다."))
    if offer.challenge.status not in (Status.OFFERED, Status.IN_PROGRESS):
        raise ValidationError(_("이미 결과가 나왔거나 철회된 과제입니다."))
    offer.status = Offer.Status.ACCEPTED
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at", "updated_at"])
    challenge = offer.challenge
    if challenge.status in (Status.TRIAGED, Status.OFFERED):
        challenge.status = Status.IN_PROGRESS
        challenge.save(update_fields=["status", "updated_at"])
    activity_log(
        actor=actor,
        verb="challenges.offer.accepted",
        target=challenge,
        scope=challenge,
        summary=lambda: (
            _("%(expert)s 전문가가 과제를 맡았습니다: %(title)s")
            % {"expert": offer.expert.name, "title": challenge.title}
        ),
    )
    notify(
        recipients=[*_company_people(challenge), *_operators()],
        verb="challenges.offer.accepted",
        summary=lambda: (
            _("%(expert)s 전문가가 과제를 맡았습니다: %(title)s")
            % {"expert": offer.expert.name, "title": challenge.title}
        ),
        url=challenge.get_absolute_url(),
    )
    return offer


@transaction.atomic
def offer_decline(*, actor: Any, offer: Offer, reason: str) -> Offer:
    _own_offer(actor, offer)
    _locked_offer(offer)
    _locked(offer.challenge)
    if offer.status != Offer.Status.OFFERED:
        raise ValidationError(_("대기 중인 제안만 거절할 수 있습니다."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("거절 사유를 적어 주세요.")]})
    _check_text(reason=reason)
    offer.status = Offer.Status.DECLINED
    offer.decline_reason = reason
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "decline_reason", "responded_at", "updated_at"])
    challenge = offer.challenge
    still_waiting = challenge.offers.filter(status__in=Offer.ACTIVE).exists()
    if challenge.status == Status.OFFERED and not still_waiting:
        challenge.status = Status.TRIAGED  # back to the operator, to route again
        challenge.save(update_fields=["status", "updated_at"])
    activity_log(
        actor=actor,
        verb="challenges.offer.declined",
        target=challenge,
        scope=challenge,
        summary=lambda: (
            _("%(expert)s 전문가가 과제를 거절했습니다: %(title)s")
            % {"expert": offer.expert.name, "title": challenge.title}
        ),
        data={"reason": reason},
    )
    notify(
        recipients=_operators(),
        verb="challenges.offer.declined",
        summary=lambda: (
            _("%(expert)s 전문가가 거절: %(title)s") % {"expert": offer.expert.name, "title": challenge.title}
        ),
        url=challenge.get_absolute_url(),
    )
    return offer


def _accepted_expert(actor: Any, challenge: Challenge) -> Expert | None:
    expert = expert_of(actor)
    if expert and challenge.offers.filter(expert=expert, status=Offer.Status.ACCEPTED).exists():
        return expert
    return None


@transaction.atomic
def consultation_log(
    *,
    actor: Any,
    challenge: Challenge,
    held_on: date,
    mode: str,
    hours: Decimal,
    notes: str,
    attachments: Iterable[Any] = (),
    expert: Expert | None = None,
) -> Consultation:
    """The accepted expert logs a consultation (an operator may log one for them)."""
    own = _accepted_expert(actor, challenge)
    if own is None and not is_operator(actor):
        raise PermissionDenied
    _locked(challenge)
    expert = own or expert
    if expert is None or not challenge.offers.filter(expert=expert, status=Offer.Status.ACCEPTED).exists():
        raise ValidationError({"expert": [_("과제를 맡은 전문가의 자문만 기록할 수 있습니다.")]})
    if challenge.status != Status.IN_PROGRESS:
        raise ValidationError(_("진행 중인 과제에만 자문을 기록할 수 있습니다."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("자문일이 미래일 수 없습니다.")]})
    _check_text(notes=notes)
    uploads = list(attachments)
    kinds = [files.check(upload) for upload in uploads]
    consultation = Consultation(
        challenge=challenge, expert=expert, held_on=held_on, mode=mode, hours=hours, notes=notes
    )
    consultation.full_clean(exclude=["challenge", "expert"])
    consultation.save()
    for upload, kind in zip(uploads, kinds, strict=True):
        files.store(ConsultationAttachment, upload, kind, consultation=consultation)
    if challenge.first_contact_at is None:
        challenge.first_contact_at = timezone.now()
        challenge.save(update_fields=["first_contact_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="challenges.consultation.logged",
        target=challenge,
        scope=challenge,
        summary=lambda: (
            _("과제 ‘%(title)s’의 자문(%(date)s)을 기록했습니다.")
            % {"title": challenge.title, "date": held_on}
        ),
    )
    notify(
        recipients=_company_people(challenge),
        verb="challenges.consultation.logged",
        summary=lambda: _("자문 기록이 추가되었습니다: %(title)s") % {"title": challenge.title},
        url=challenge.get_absolute_url(),
    )
    return consultation


@transaction.atomic
def challenge_resolve(
    *,
    actor: Any,
    challenge: Challenge,
    outcome: str,
    resolution: str,
    effect_metric: str = "",
    effect_before: Decimal | None = None,
    effect_after: Decimal | None = None,
) -> Challenge:
    """The accepted expert (or an operator) reports the outcome and its measured effect."""
    if _accepted_expert(actor, challenge) is None and not is_operator(actor):
        raise PermissionDenied
    _locked(challenge)
    if challenge.status != Status.IN_PROGRESS:
        raise ValidationError(_("진행 중인 과제만 결과를 보고할 수 있습니다."))
    if (effect_before is None) != (effect_after is None) or (effect_before is not None and not effect_metric):
        raise ValidationError({"effect_after": [_("효과는 지표와 개선 전·후 값을 함께 적어 주세요.")]})
    _check_text(resolution=resolution)
    challenge.outcome = outcome
    challenge.resolution = resolution
    challenge.effect_metric = effect_metric
    challenge.effect_before = effect_before
    challenge.effect_after = effect_after
    challenge.status = Status.RESOLVED
    challenge.resolved_at = timezone.now()
    challenge.full_clean()
    challenge.save()
    challenge.offers.filter(status=Offer.Status.OFFERED).update(status=Offer.Status.WITHDRAWN)
    activity_log(
        actor=actor,
        verb="challenges.challenge.resolved",
        target=challenge,
        scope=challenge,
        summary=lambda: _("과제 ‘%(title)s’의 결과를 보고했습니다.") % {"title": challenge.title},
    )
    notify(
        recipients=[*_company_people(challenge), *_operators()],
        verb="challenges.challenge.resolved",
        summary=lambda: (
            _("결과가 보고되었습니다. 도움을 평가해 주세요: %(title)s") % {"title": challenge.title}
        ),
        url=challenge.get_absolute_url(),
    )
    return challenge


@transaction.atomic
def challenge_rate(
    *, actor: Any, challenge: Challenge, rating: int, comment: str = "", publish_consent: bool = False
) -> Challenge:
    """The company rates the help and says whether an anonymised case may be published; the case closes."""
    if not is_member(user=actor, organization_id=challenge.company_id):
        raise PermissionDenied
    _locked(challenge)
    if challenge.status != Status.RESOLVED:
        raise ValidationError(_("결과가 보고된 과제만 평가할 수 있습니다."))
    _check_text(comment=comment)
    challenge.rating = rating
    challenge.rating_comment = comment
    challenge.publish_consent = publish_consent
    challenge.status = Status.CLOSED
    challenge.closed_at = timezone.now()
    challenge.full_clean()
    challenge.save()
    challenge.offers.filter(status=Offer.Status.ACCEPTED).update(status=Offer.Status.COMPLETED)
    challenge.offers.filter(status=Offer.Status.OFFERED).update(status=Offer.Status.WITHDRAWN)
    activity_log(
        actor=actor,
        verb="challenges.challenge.rated",
        target=challenge,
        scope=challenge,
        summary=lambda: (
            _("과제를 평가하고 종료했습니다(%(rating)d점): %(title)s")
            % {"title": challenge.title, "rating": rating}
        ),
    )
    experts = [
        o.expert.user
        for o in challenge.offers.select_related("expert__user").filter(status=Offer.Status.COMPLETED)
    ]
    notify(
        recipients=[*experts, *_operators()],
        verb="challenges.challenge.rated",
        summary=lambda: (
            _("기업이 자문을 평가했습니다(%(rating)d점): %(title)s")
            % {"rating": rating, "title": challenge.title}
        ),
        url=challenge.get_absolute_url(),
    )
    return challenge


@transaction.atomic
def challenge_withdraw(*, actor: Any, challenge: Challenge) -> Challenge:
    if not (is_member(user=actor, organization_id=challenge.company_id) or is_operator(actor)):
        raise PermissionDenied
    _locked(challenge)
    if challenge.status not in WITHDRAWABLE:
        raise ValidationError(_("결과가 나온 과제는 철회할 수 없습니다."))
    waiting = [
        o.expert.user for o in challenge.offers.select_related("expert__user").filter(status__in=Offer.ACTIVE)
    ]
    challenge.offers.filter(status__in=Offer.ACTIVE).update(status=Offer.Status.WITHDRAWN)
    challenge.status = Status.WITHDRAWN
    challenge.closed_at = timezone.now()
    challenge.save(update_fields=["status", "closed_at", "updated_at"])
    index_refresh(doc_type="challenge", object_ids=[challenge.pk])
    activity_log(
        actor=actor,
        verb="challenges.challenge.withdrawn",
        target=challenge,
        scope=challenge,
        summary=lambda: _("과제를 철회했습니다: %(title)s") % {"title": challenge.title},
    )
    notify(
        recipients=waiting,
        verb="challenges.challenge.withdrawn",
        summary=lambda: _("기업이 과제를 철회했습니다: %(title)s") % {"title": challenge.title},
        url="",
    )
    return challenge


def challenge_read_record(
    *, request: HttpRequest, reader: Any, challenge: Challenge, party: bool, action: str
) -> None:
    """A page or API read of a case goes in the access record (core.access) for what it shows that is
    confidential: a confidential case, to anyone, operators included; the consultation notes, to the
    parties who see them (`party`: challenges.selectors.is_party). A public case's description is not."""
    if challenge.confidentiality == Challenge.Confidentiality.CONFIDENTIAL:
        access_record(request=request, user=reader, target=challenge, kind=Kind.CHALLENGE, action=action)
    if party and challenge.consultations.exists():
        access_record(request=request, user=reader, target=challenge, kind=Kind.CONSULTATION, action=action)
