"""Who takes part in a matchmaking day and who asks to meet whom.

A company member registers their own company while registration is open; the organiser (the staff or
the event's organiser) registers any registry company or an investor by name, also before and after.
A company takes part once. A participant asks another participant of the same event for a meeting with
a reason; the target's people accept or decline, the requester's people cancel. A request turned down or
cancelled frees the meeting it was scheduled into (unless an outcome was recorded)."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ppuri.accounts.roles import may_use_company_tools
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.programs.models import Event, Lead, Meeting, MeetingRequest, Participant
from ppuri.programs.selectors import visibility
from ppuri.programs.selectors.events import may_act_for, may_organise
from ppuri.programs.services.common import clean_model
from ppuri.programs.services.events import locked
from ppuri.reference.models import Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import is_member, organization_people

REASON_MAX = 500
TEXT_MAX = 2000
# The languages a meeting may be held in; an interpreter is placed when two sides differ and one asks.
LANGUAGES = ("ko", "en", "zh", "ja")
ACTIVE_REQUEST = (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED)


@dataclass
class ParticipantInput:
    organization: Organization | None = None
    name: str = ""
    kind: str = Participant.Kind.COMPANY
    contact_name: str = ""
    needs: str = ""
    offers: str = ""
    wanted_technologies: list[Technology] = field(default_factory=list)
    max_meetings: int | None = None
    language: str = "ko"
    interpreter_needed: bool = False
    lead: Lead | None = None


def _people_of(participant: Participant) -> list[Any]:
    if participant.organization_id is None:
        return []
    return organization_people(organization_id=participant.organization_id)


def _check_registration(user: Any, event: Event, data: ParticipantInput) -> None:
    """Who may register whom, when (403 or a refusal naming the field)."""
    if may_organise(user, event):
        if event.status == Event.Status.FINISHED:
            raise ValidationError(_("종료된 상담회에는 참가자를 등록할 수 없습니다."))
        if data.lead is not None and not visibility.leads_visible_to(user).filter(pk=data.lead.pk).exists():
            raise PermissionDenied
        return
    if not may_use_company_tools(user):
        raise PermissionDenied(_("기업 담당자만 참가 신청을 할 수 있습니다."))
    if data.organization is None or not is_member(user=user, organization_id=data.organization.pk):
        raise PermissionDenied(_("소속 기업만 참가 신청할 수 있습니다."))
    if event.status != Event.Status.OPEN:
        raise ValidationError(_("참가 신청을 받고 있는 상담회가 아닙니다."))
    if data.kind != Participant.Kind.COMPANY or data.lead is not None:
        raise PermissionDenied(_("투자자 등록은 상담회 주최 담당자가 합니다."))


def _registration_errors(event: Event, data: ParticipantInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in Participant.Kind.values:
        errors["kind"] = _("기업 또는 투자자 중에서 고르세요.")
    if data.organization is None and not data.name.strip():
        errors["name"] = _("등록 기업을 고르거나 참가 기관명을 적어 주세요.")
    if data.kind == Participant.Kind.COMPANY and data.organization is None:
        errors["organization"] = _(
            "기업 참가자는 등록 기업이어야 합니다. 등록되지 않은 곳은 투자자로 등록하세요."
        )
    company = data.organization
    if (
        company is not None
        and company.kind != Organization.Kind.COMPANY
        and data.kind == Participant.Kind.COMPANY
    ):
        errors["organization"] = _("기업으로 등록된 곳만 기업 참가자가 될 수 있습니다.")
    if (
        data.organization is not None
        and Participant.objects.filter(event=event, organization=data.organization).exists()
    ):
        errors["organization"] = _("이미 이 상담회에 참가 신청한 기업입니다.")
    if data.language not in LANGUAGES:
        errors["language"] = _("상담 언어를 목록에서 고르세요.")
    if data.lead is not None and data.kind != Participant.Kind.INVESTOR:
        errors["lead"] = _("투자 유치 대상은 투자자 참가자에게만 연결합니다.")
    for name in ("needs", "offers"):
        if len(getattr(data, name) or "") > TEXT_MAX:
            errors[name] = _("%(n)d자 이내로 적어 주세요.") % {"n": TEXT_MAX}
    return errors


@transaction.atomic
def participant_register(*, user: Any, event: Event, data: ParticipantInput) -> Participant:
    _check_registration(user, event, data)
    event = locked(event)
    _check_registration(user, event, data)  # the status as stored now
    errors = _registration_errors(event, data)
    participant = Participant(
        event=event,
        kind=data.kind,
        organization=data.organization,
        name=(data.name or "").strip() or (data.organization.name if data.organization else ""),
        lead=data.lead,
        registered_by=user,
        contact_name=(data.contact_name or "").strip(),
        needs=(data.needs or "").strip(),
        offers=(data.offers or "").strip(),
        max_meetings=data.max_meetings,
        language=data.language,
        interpreter_needed=bool(data.interpreter_needed),
    )
    clean_model(
        participant, errors, exclude=["event", "organization", "lead", "registered_by"], validate_unique=False
    )
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:  # registered by someone else a moment ago
        raise ValidationError({"organization": _("이미 이 상담회에 참가 신청한 기업입니다.")}) from exc
    participant.wanted_technologies.set(data.wanted_technologies)
    activity_log(
        actor=user,
        verb="programs.participant.registered",
        target=participant,
        scope=participant.organization or event,
        summary=lambda: (
            _("상담회 '%(event)s'에 %(name)s 참가를 등록했습니다.")
            % {"event": event.title, "name": participant.name}
        ),
    )
    return participant


@transaction.atomic
def participant_withdraw(*, user: Any, participant: Participant) -> None:
    """The participant leaves: their requests and meetings go with them, unless an outcome was
    recorded for one of their meetings (then the record stays and so do they)."""
    if not may_act_for(user, participant):
        raise PermissionDenied(_("참가 기업의 담당자나 상담회 주최 담당자만 참가를 취소할 수 있습니다."))
    event = locked(participant.event)
    if event.status == Event.Status.FINISHED:
        raise ValidationError(_("종료된 상담회의 참가는 취소할 수 없습니다."))
    recorded = Meeting.objects.filter(Q(first=participant) | Q(second=participant)).exclude(outcome="")
    if recorded.exists():
        raise ValidationError(_("결과가 기록된 상담이 있어 참가를 취소할 수 없습니다."))
    name = participant.name
    participant.delete()
    activity_log(
        actor=user,
        verb="programs.participant.withdrawn",
        target=event,
        summary=lambda: _("%(name)s의 상담회 참가를 취소했습니다.") % {"name": name},
    )


# --- meeting requests -----------------------------------------------------------------------------


def _request_errors(requester: Participant, target: Participant, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if target.event_id != requester.event_id:
        errors["target"] = _("같은 상담회의 참가자에게만 상담을 요청할 수 있습니다.")
    elif target.pk == requester.pk:
        errors["target"] = _("자기 자신에게는 상담을 요청할 수 없습니다.")
    if not reason:
        errors["reason"] = _("상담을 요청하는 사유를 적어 주세요. 상대가 수락할지 정하는 근거가 됩니다.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("사유는 %(n)d자 이내로 적어 주세요.") % {"n": REASON_MAX}
    if errors:
        return errors
    mine = MeetingRequest.objects.filter(requester=requester, target=target).first()
    theirs = MeetingRequest.objects.filter(requester=target, target=requester, status__in=ACTIVE_REQUEST)
    met = Meeting.objects.filter(
        Q(first=requester, second=target) | Q(first=target, second=requester)
    ).exists()
    if mine is not None and mine.status in ACTIVE_REQUEST:
        errors["target"] = _("이미 이 참가자에게 상담을 요청했습니다.")
    elif mine is not None and mine.status == MeetingRequest.Status.DECLINED:
        errors["target"] = _("이 참가자가 이미 거절한 요청입니다.")
    elif theirs.exists():
        errors["target"] = _("이 참가자가 먼저 상담을 요청했습니다. 받은 요청을 수락해 주세요.")
    elif met:
        errors["target"] = _("이 참가자와의 상담이 이미 잡혀 있습니다.")
    return errors


@transaction.atomic
def meeting_request_create(
    *, user: Any, requester: Participant, target: Participant, reason: str
) -> MeetingRequest:
    """`requester` is one of the user's own participations (or, for the organiser, any participant)."""
    if not may_act_for(user, requester):
        raise PermissionDenied(_("소속 기업의 참가로만 상담을 요청할 수 있습니다."))
    event = locked(requester.event)
    if event.status not in (Event.Status.OPEN, Event.Status.SCHEDULED):
        raise ValidationError(_("상담 요청을 받고 있는 상담회가 아닙니다."))
    reason = (reason or "").strip()
    errors = _request_errors(requester, target, reason)
    if errors:
        raise ValidationError(errors)
    request = MeetingRequest.objects.filter(requester=requester, target=target).first()
    if request is not None:  # cancelled before: asked again
        request.reason, request.status = reason, MeetingRequest.Status.PENDING
        request.full_clean(exclude=["event", "requester", "target"])
        request.save(update_fields=["reason", "status", "updated_at"])
    else:
        request = MeetingRequest(event=event, requester=requester, target=target, reason=reason)
        request.full_clean(exclude=["event", "requester", "target"], validate_constraints=False)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as exc:  # the same request sent twice at once
            raise ValidationError({"target": _("이미 이 참가자에게 상담을 요청했습니다.")}) from exc
    activity_log(
        actor=user,
        verb="programs.request.created",
        target=request,
        scope=event,
        summary=lambda: (
            _("%(requester)s이(가) %(target)s에 상담을 요청했습니다.")
            % {"requester": requester.name, "target": target.name}
        ),
    )
    notify(
        recipients=_people_of(target),
        verb="programs.request.created",
        summary=lambda: (
            _("상담회 '%(event)s'에서 %(requester)s이(가) 상담을 요청했습니다.")
            % {"event": event.title, "requester": requester.name}
        ),
        url=event.get_absolute_url(),
    )
    return request


def _release_meeting(request: MeetingRequest) -> None:
    """A request no longer standing gives its seats back, unless its meeting has an outcome."""
    meeting = Meeting.objects.filter(request=request).first()
    if meeting is None:
        return
    if meeting.outcome:
        raise ValidationError(_("결과가 기록된 상담의 요청은 바꿀 수 없습니다."))
    meeting.delete()


def _answer(user: Any, request: MeetingRequest, *, accept: bool) -> MeetingRequest:
    if not may_act_for(user, request.target):
        raise PermissionDenied(_("요청을 받은 참가 기업의 담당자만 답할 수 있습니다."))
    event = locked(request.event)
    request = MeetingRequest.objects.select_related("requester", "target").get(pk=request.pk)
    if event.status == Event.Status.FINISHED:
        raise ValidationError(_("종료된 상담회의 요청에는 답할 수 없습니다."))
    allowed = (
        (MeetingRequest.Status.PENDING,)
        if accept
        else (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED)
    )
    if request.status not in allowed:
        raise ValidationError(
            _("이 요청은 이미 %(status)s 상태입니다.") % {"status": request.get_status_display()}
        )
    if not accept:
        _release_meeting(request)
    request.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    request.save(update_fields=["status", "updated_at"])
    verb = "accepted" if accept else "declined"
    names = {"requester": request.requester.name, "target": request.target.name}
    activity_log(
        actor=user,
        verb=f"programs.request.{verb}",
        target=request,
        scope=event,
        summary=(lambda: _("%(target)s이(가) %(requester)s의 상담 요청을 수락했습니다.") % names)
        if accept
        else (lambda: _("%(target)s이(가) %(requester)s의 상담 요청을 거절했습니다.") % names),
    )
    notify(
        recipients=_people_of(request.requester),
        verb=f"programs.request.{verb}",
        summary=(lambda: _("%(target)s이(가) 상담 요청을 수락했습니다.") % names)
        if accept
        else (lambda: _("%(target)s이(가) 상담 요청을 거절했습니다.") % names),
        url=event.get_absolute_url(),
    )
    return request


@transaction.atomic
def meeting_request_accept(*, user: Any, request: MeetingRequest) -> MeetingRequest:
    return _answer(user, request, accept=True)


@transaction.atomic
def meeting_request_decline(*, user: Any, request: MeetingRequest) -> MeetingRequest:
    return _answer(user, request, accept=False)


@transaction.atomic
def meeting_request_cancel(*, user: Any, request: MeetingRequest) -> MeetingRequest:
    if not may_act_for(user, request.requester):
        raise PermissionDenied(_("요청한 참가 기업의 담당자만 요청을 취소할 수 있습니다."))
    event = locked(request.event)
    request = MeetingRequest.objects.select_related("requester", "target").get(pk=request.pk)
    if event.status == Event.Status.FINISHED:
        raise ValidationError(_("종료된 상담회의 요청은 취소할 수 없습니다."))
    if request.status not in ACTIVE_REQUEST:
        raise ValidationError(
            _("이 요청은 이미 %(status)s 상태입니다.") % {"status": request.get_status_display()}
        )
    _release_meeting(request)
    request.status = MeetingRequest.Status.CANCELLED
    request.save(update_fields=["status", "updated_at"])
    names = {"requester": request.requester.name, "target": request.target.name}
    activity_log(
        actor=user,
        verb="programs.request.cancelled",
        target=request,
        scope=event,
        summary=lambda: _("%(requester)s이(가) %(target)s에 보낸 상담 요청을 취소했습니다.") % names,
    )
    return request
