"""Writes of the sourcing round. Each checks who may do it (deny by default), runs in one
transaction, goes to the activity log and notifies the other side.

draft ──open──▶ open ──award (every step)──▶ awarded
  │               ├──close (no award)──▶ closed
  └──cancel──▶ cancelled ◀──cancel──┘
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.accounts import roles
from ppuri.core import files
from ppuri.core.activity import activity_log
from ppuri.core.i18n import in_each_language
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.reference.models import Certification, Complex, Process
from ppuri.registry.models import Capability, Organization
from ppuri.registry.selectors import is_member, organization_people
from ppuri.sourcing.matching import infer_processes
from ppuri.sourcing.models import (
    Invitation,
    Quote,
    QuoteAttachment,
    RequestAttachment,
    RequestStep,
    SourcingRequest,
)

Status = SourcingRequest.Status


def _member(user: Any, organization: Organization) -> bool:
    return is_member(user=user, organization_id=organization.pk)


def _require_buyer(actor: Any, request: SourcingRequest) -> None:
    # The role first (an institution's staff may lose the operator's permission between two steps),
    # then the membership of this request's buyer.
    roles.require_sourcing_poster(actor)
    if not (is_operator(actor) or _member(actor, request.buyer)):
        raise PermissionDenied


def _require_supplier(actor: Any, supplier: Organization) -> None:
    roles.require_company_tools(actor)
    if not _member(actor, supplier):
        raise PermissionDenied


def _people(organization: Organization) -> list[Any]:
    return organization_people(organization_id=organization.pk)


def _step_reasons(message: str, **values: str) -> dict[str, str]:
    """Why a step is there, in each language of the site (RequestStep.sources); `message` is marked
    with gettext_noop."""
    return in_each_language(lambda: (_(message) % values if values else _(message))[:200])


@transaction.atomic
def request_create(
    *,
    actor: Any,
    buyer: Organization,
    processes: list[Process] | None = None,
    certifications: Iterable[Certification] = (),
    complexes: Iterable[Complex] = (),
    attachments: Iterable[Any] = (),
    **fields: Any,
) -> SourcingRequest:
    """A draft request. Without processes they are inferred from the title and description and wait
    for the buyer's confirmation (request_steps_set)."""
    roles.require_sourcing_poster(actor)
    if not (is_operator(actor) or _member(actor, buyer)):
        raise PermissionDenied
    attachments = list(attachments)
    for upload in attachments:  # every file checked before any is written to storage
        files.check(upload)
    request = SourcingRequest(buyer=buyer, created_by=actor, **fields)
    request.full_clean(exclude=["buyer", "created_by"])
    request.save()
    request.certifications.set(certifications)
    request.complexes.set(complexes)
    if processes:
        steps = [(process, _step_reasons(gettext_noop("요청자가 지정"))) for process in processes]
        request.processes_confirmed = True
    else:
        steps = [
            (process, _step_reasons(gettext_noop("설명의 ‘%(words)s’"), words=quote))
            for process, quote in infer_processes(f"{request.title}\n{request.description}")
        ]
    RequestStep.objects.bulk_create(
        [
            RequestStep(request=request, position=n, process=p, source=r[settings.LANGUAGE_CODE], sources=r)
            for n, (p, r) in enumerate(steps, 1)
        ]
    )
    request.save(update_fields=["processes_confirmed"])
    for upload in attachments:
        attachment_add(actor=actor, request=request, upload=upload)
    activity_log(
        actor=actor,
        verb="sourcing.request.created",
        target=request,
        scope=buyer,
        summary=lambda: _("견적 요청 ‘%(title)s’을 작성했습니다.") % {"title": request.title},
    )
    return request


@transaction.atomic
def request_steps_set(*, actor: Any, request: SourcingRequest, processes: list[Process]) -> SourcingRequest:
    """The buyer confirms (or corrects) the process steps, in order."""
    _require_buyer(actor, request)
    if request.status != Status.DRAFT:
        raise ValidationError(_("요청을 연 뒤에는 공정을 바꿀 수 없습니다."))
    if not processes:
        raise ValidationError({"processes": [_("공정을 하나 이상 고르세요.")]})
    if len(set(processes)) != len(processes):
        raise ValidationError({"processes": [_("같은 공정을 두 번 넣을 수 없습니다.")]})
    request.steps.all().delete()
    confirmed = _step_reasons(gettext_noop("요청자가 확인"))
    RequestStep.objects.bulk_create(
        [
            RequestStep(
                request=request,
                position=n,
                process=process,
                source=confirmed[settings.LANGUAGE_CODE],
                sources=confirmed,
            )
            for n, process in enumerate(processes, 1)
        ]
    )
    request.processes_confirmed = True
    request.save(update_fields=["processes_confirmed", "updated_at"])
    activity_log(
        actor=actor,
        verb="sourcing.request.steps_set",
        target=request,
        scope=request.buyer,
        summary=lambda: (
            _("공정을 확정했습니다: %(steps)s") % {"steps": " → ".join(process.name for process in processes)}
        ),
    )
    return request


@transaction.atomic
def request_open(*, actor: Any, request: SourcingRequest) -> SourcingRequest:
    _require_buyer(actor, request)
    if request.status != Status.DRAFT:
        raise ValidationError(_("작성 중인 요청만 열 수 있습니다."))
    if not request.steps.exists() or not request.processes_confirmed:
        raise ValidationError(_("공정을 확정한 뒤에 요청을 여세요."))
    if request.deadline < timezone.localdate():
        raise ValidationError({"deadline": [_("납기가 이미 지났습니다.")]})
    request.status = Status.OPEN
    request.opened_at = timezone.now()
    request.save(update_fields=["status", "opened_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="sourcing.request.opened",
        target=request,
        scope=request.buyer,
        summary=lambda: _("견적 요청을 열었습니다."),
    )
    return request


def _tell_waiting(request: SourcingRequest, *, verb: str, summary: Any, status: str | None = None) -> None:
    """Tell the suppliers still waiting on a request (invited or quoted) that it ended, and set their
    invitation to `status` when given."""
    waiting = request.invitations.filter(status__in=[Invitation.Status.INVITED, Invitation.Status.QUOTED])
    for invitation in waiting.select_related("supplier"):
        if status:
            invitation.status = status
            invitation.save(update_fields=["status", "updated_at"])
        notify(
            recipients=_people(invitation.supplier),
            verb=verb,
            url=request.get_absolute_url(),
            summary=summary,
        )


@transaction.atomic
def request_cancel(*, actor: Any, request: SourcingRequest) -> SourcingRequest:
    _require_buyer(actor, request)
    if request.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("작성 중이거나 열린 요청만 취소할 수 있습니다."))
    request.status = Status.CANCELLED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at", "updated_at"])
    _tell_waiting(
        request,
        verb="sourcing.request.cancelled",
        summary=lambda: _("‘%(title)s’ 견적 요청이 취소되었습니다.") % {"title": request.title},
    )
    activity_log(
        actor=actor,
        verb="sourcing.request.cancelled",
        target=request,
        scope=request.buyer,
        summary=lambda: _("견적 요청을 취소했습니다."),
    )
    return request


@transaction.atomic
def request_close(*, actor: Any, request: SourcingRequest) -> SourcingRequest:
    """Close an open request without an award (no quote suited): suppliers still waiting hear of it."""
    _require_buyer(actor, request)
    if request.status != Status.OPEN:
        raise ValidationError(_("열린 요청만 마감할 수 있습니다."))
    request.status = Status.CLOSED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at", "updated_at"])
    _tell_waiting(
        request,
        verb="sourcing.request.closed",
        summary=lambda: _("‘%(title)s’ 견적 요청이 발주 없이 마감되었습니다.") % {"title": request.title},
        status=Invitation.Status.NOT_AWARDED,
    )
    activity_log(
        actor=actor,
        verb="sourcing.request.closed",
        target=request,
        scope=request.buyer,
        summary=lambda: _("견적 요청을 발주 없이 마감했습니다."),
    )
    return request


def attachment_add(*, actor: Any, request: SourcingRequest, upload: Any) -> RequestAttachment:
    _require_buyer(actor, request)
    kind = files.check(upload)
    return files.store(RequestAttachment, upload, kind, request=request)


def _qualified_steps(supplier: Organization, steps: Iterable[RequestStep]) -> list[RequestStep]:
    capable = set(Capability.objects.filter(organization=supplier).values_list("process_id", flat=True))
    return [step for step in steps if step.process_id in capable]


@transaction.atomic
def invitation_create(
    *, actor: Any, request: SourcingRequest, supplier: Organization, steps: list[RequestStep]
) -> Invitation:
    """Invite a supplier to quote for some steps; it must have registered each step's process."""
    _require_buyer(actor, request)
    if request.status != Status.OPEN:
        raise ValidationError(_("열린 요청에만 초대할 수 있습니다."))
    if supplier.pk == request.buyer_id or supplier.kind != Organization.Kind.COMPANY:
        raise ValidationError({"supplier": [_("이 기업은 초대할 수 없습니다.")]})
    if not steps or any(step.request_id != request.pk for step in steps):
        raise ValidationError({"steps": [_("이 요청의 공정 단계를 고르세요.")]})
    lacking = [step for step in steps if step not in _qualified_steps(supplier, steps)]
    if lacking:
        raise ValidationError(
            {
                "steps": [
                    _("%(name)s은(는) %(process)s 역량을 등록하지 않았습니다.")
                    % {"name": supplier.display_name, "process": lacking[0].process.name}
                ]
            }
        )
    invitation, created = Invitation.objects.get_or_create(
        request=request, supplier=supplier, defaults={"invited_by": actor}
    )
    if not created and invitation.status != Invitation.Status.INVITED:
        raise ValidationError(_("이미 답한 기업입니다."))
    invitation.steps.add(*steps)

    def step_names() -> str:  # named in each language the summaries are written in
        return ", ".join(step.process.name for step in steps)

    notify(
        recipients=_people(supplier),
        verb="sourcing.invited",
        url=request.get_absolute_url(),
        summary=lambda: (
            _("%(buyer)s이(가) ‘%(title)s’ 견적을 요청했습니다(%(steps)s).")
            % {"buyer": request.buyer.display_name, "title": request.title, "steps": step_names()}
        ),
    )
    activity_log(
        actor=actor,
        verb="sourcing.invited",
        target=invitation,
        scope=request.buyer,
        summary=lambda: (
            _("%(supplier)s에 견적을 요청했습니다(%(steps)s).")
            % {"supplier": supplier.display_name, "steps": step_names()}
        ),
    )
    return invitation


@transaction.atomic
def quote_submit(
    *,
    actor: Any,
    request: SourcingRequest,
    supplier: Organization,
    price_krw: int,
    lead_time_days: int,
    valid_until: date,
    notes: str = "",
    attachments: Iterable[Any] = (),
) -> Quote:
    """A supplier's quote: for the steps it was invited to, or — on an open request — for every step
    its capabilities fit. A second submission replaces the first until the award."""
    _require_supplier(actor, supplier)
    request = SourcingRequest.objects.select_for_update().get(pk=request.pk)
    if supplier.pk == request.buyer_id:
        raise PermissionDenied
    if request.status != Status.OPEN:
        raise ValidationError(_("견적을 받는 요청이 아닙니다."))
    invitation = Invitation.objects.filter(request=request, supplier=supplier).first()
    if invitation is None:
        steps = _qualified_steps(supplier, request.steps.all())
        if request.visibility != SourcingRequest.Visibility.OPEN or not steps:
            raise PermissionDenied
        invitation = Invitation.objects.create(
            request=request, supplier=supplier, origin=Invitation.Origin.OPEN
        )
        invitation.steps.set(steps)
    if invitation.status not in (Invitation.Status.INVITED, Invitation.Status.QUOTED):
        raise ValidationError(_("이미 사양했거나 결정된 요청입니다."))
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": [_("유효 기한이 이미 지났습니다.")]})
    quote = Quote(
        invitation=invitation,
        price_krw=price_krw,
        lead_time_days=lead_time_days,
        valid_until=valid_until,
        notes=notes,
        submitted_by=actor,
    )
    existing = Quote.objects.filter(invitation=invitation).first()
    if existing:
        quote.pk, quote.created_at = existing.pk, existing.created_at
    quote.full_clean(exclude=["invitation", "submitted_by"], validate_unique=False)
    attachments = list(attachments)
    kinds = [files.check(upload) for upload in attachments]  # all checked before any is stored
    quote.save()
    for upload, kind in zip(attachments, kinds, strict=True):
        files.store(QuoteAttachment, upload, kind, quote=quote)
    invitation.status = Invitation.Status.QUOTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    notify(
        recipients=_people(request.buyer),
        verb="sourcing.quoted",
        url=request.get_absolute_url(),
        summary=lambda: (
            _("%(supplier)s이(가) ‘%(title)s’ 견적을 보냈습니다.")
            % {"supplier": supplier.display_name, "title": request.title}
        ),
    )
    activity_log(
        actor=actor,
        verb="sourcing.quoted",
        target=quote,
        scope=supplier,
        summary=lambda: _("‘%(title)s’ 견적을 보냈습니다.") % {"title": request.title},
        data={"price_krw": price_krw, "lead_time_days": lead_time_days},
    )
    return quote


@transaction.atomic
def invitation_decline(*, actor: Any, invitation: Invitation, reason: str) -> Invitation:
    _require_supplier(actor, invitation.supplier)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"decline_reason": [_("사양 사유를 적어 주세요.")]})
    if invitation.status not in (Invitation.Status.INVITED, Invitation.Status.QUOTED):
        raise ValidationError(_("이미 결정된 요청입니다."))
    if invitation.request.status != Status.OPEN:
        raise ValidationError(_("견적을 받는 요청이 아닙니다."))
    invitation.status = Invitation.Status.DECLINED
    invitation.decline_reason = reason[:300]
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "decline_reason", "responded_at", "updated_at"])
    request = invitation.request
    notify(
        recipients=_people(request.buyer),
        verb="sourcing.declined",
        url=request.get_absolute_url(),
        summary=lambda: (
            _("%(supplier)s이(가) ‘%(title)s’ 견적을 사양했습니다: %(reason)s")
            % {
                "supplier": invitation.supplier.display_name,
                "title": request.title,
                "reason": invitation.decline_reason,
            }
        ),
    )
    activity_log(
        actor=actor,
        verb="sourcing.declined",
        target=invitation,
        scope=invitation.supplier,
        summary=lambda: _("‘%(title)s’ 견적을 사양했습니다.") % {"title": request.title},
    )
    return invitation


@transaction.atomic
def quote_award(*, actor: Any, quote: Quote) -> Quote:
    """Award a quote for its steps. When every step is awarded the request is decided: the other
    quotes are not awarded and everyone involved hears of it."""
    invitation = quote.invitation
    request = SourcingRequest.objects.select_for_update().get(pk=invitation.request_id)
    _require_buyer(actor, request)
    if request.status != Status.OPEN:
        raise ValidationError(_("열린 요청의 견적만 선정할 수 있습니다."))
    if invitation.status != Invitation.Status.QUOTED:
        raise ValidationError(_("제출된 견적만 선정할 수 있습니다."))
    if quote.valid_until < timezone.localdate():
        raise ValidationError(_("유효 기한이 지난 견적입니다."))
    awarded_steps = set(
        RequestStep.objects.filter(
            invitations__request=request, invitations__status=Invitation.Status.AWARDED
        ).values_list("pk", flat=True)
    )
    steps = set(invitation.steps.values_list("pk", flat=True))
    if steps & awarded_steps:
        raise ValidationError(_("이미 다른 기업을 선정한 공정이 있습니다."))
    invitation.status = Invitation.Status.AWARDED
    invitation.save(update_fields=["status", "updated_at"])
    notify(
        recipients=_people(invitation.supplier),
        verb="sourcing.awarded",
        url=request.get_absolute_url(),
        summary=lambda: _("‘%(title)s’ 견적이 선정되었습니다.") % {"title": request.title},
    )
    activity_log(
        actor=actor,
        verb="sourcing.awarded",
        target=quote,
        scope=request.buyer,
        summary=lambda: (
            _("%(supplier)s의 견적을 선정했습니다.") % {"supplier": invitation.supplier.display_name}
        ),
    )
    if awarded_steps | steps >= set(request.steps.values_list("pk", flat=True)):
        request.status = Status.AWARDED
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at", "updated_at"])
        others = request.invitations.exclude(
            status__in=[Invitation.Status.AWARDED, Invitation.Status.DECLINED]
        )
        for other in others.select_related("supplier"):
            other.status = Invitation.Status.NOT_AWARDED
            other.save(update_fields=["status", "updated_at"])
            notify(
                recipients=_people(other.supplier),
                verb="sourcing.not_awarded",
                url=request.get_absolute_url(),
                summary=lambda: (
                    _("‘%(title)s’ 견적은 다른 기업으로 결정되었습니다.") % {"title": request.title}
                ),
            )
    return quote
