"""Installments: each falls due at its tenure month; the company confirms the person is still employed
(with evidence); the labor office approves the payment and records it paid. A separation stops every
installment due after it and releases its commitment; one already paid for a month after the
separation is to be recovered (환수), a negative movement of the ledger."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.incentives.models import Installment, LedgerEntry
from ppuri.incentives.services import caps
from ppuri.incentives.services.applications import (
    require_company_member,
    require_reviewer,
    reviewers,
    waitlist_move,
)
from ppuri.registry.selectors import organization_people
from ppuri.tenure.models import MILESTONE_MONTHS, Employment
from ppuri.tenure.services import milestone_confirm

Status = Installment.Status
OPEN = (Status.SCHEDULED, Status.CONFIRMED, Status.APPROVED)
EVIDENCE_GRACE_DAYS = 14


def _locked(installment: Installment) -> Installment:
    return (
        Installment.objects.select_for_update(of=("self",))
        .select_related("case__program", "case__employment", "case__application", "case__company")
        .get(pk=installment.pk)
    )


def _label(installment: Installment) -> str:
    return _("%(n)d회차(근속 %(month)d개월)") % {"n": installment.number, "month": installment.month}


def _record(
    installment: Installment,
    *,
    actor: Any,
    verb: str,
    done: Callable[[], str],
    told: Callable[[], str],
    recipients: list[Any],
) -> None:
    """A step of an installment: in the case's activity log (`done`) and told to `recipients` (`told`)."""
    application = installment.case.application
    activity_log(actor=actor, verb=verb, target=application, scope=installment.case.company, summary=done)
    notify(recipients=recipients, verb=verb, url=application.get_absolute_url(), summary=told)


@transaction.atomic
def installment_confirm(*, actor: Any, installment: Installment) -> Installment:
    """The company confirms the person was employed on the installment's day, with evidence uploaded
    for it (evidence_add)."""
    require_company_member(actor, installment.case.company_id)
    installment = _locked(installment)
    employment = installment.case.employment
    if installment.status != Status.SCHEDULED:
        raise ValidationError(
            _("이미 처리된 회차입니다(%(status)s).") % {"status": installment.get_status_display()}
        )
    if installment.due_on > clock.today():
        raise ValidationError(_("%(day)s부터 확인할 수 있습니다.") % {"day": installment.due_on.isoformat()})
    if employment.separated_on is not None and employment.separated_on < installment.due_on:
        raise ValidationError(_("그 전에 퇴사한 것으로 기록되어 있습니다."))
    if not installment.evidence.exists():
        raise ValidationError({"evidence": _("재직 증빙(예: 4대보험 가입 확인)을 먼저 올려 주세요.")})
    installment.status = Status.CONFIRMED
    installment.confirmed_by = actor
    installment.confirmed_at = timezone.now()
    installment.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    milestone = next((key for key, months in MILESTONE_MONTHS.items() if months == installment.month), None)
    if milestone is not None:
        milestone_confirm(actor=actor, employment=employment, milestone=milestone)
    label = _label(installment)
    _record(
        installment,
        actor=actor,
        verb="incentives.installment.confirmed",
        done=lambda: _("%(installment)s 재직을 확인했습니다.") % {"installment": label},
        told=lambda: _("지급 승인을 기다립니다: %(installment)s") % {"installment": label},
        recipients=reviewers(),
    )
    return installment


@transaction.atomic
def installment_approve(*, actor: Any, installment: Installment) -> Installment:
    require_reviewer(actor)
    installment = _locked(installment)
    if installment.status != Status.CONFIRMED:
        raise ValidationError(_("재직이 확인된 회차만 승인할 수 있습니다."))
    if installment.confirmed_by_id == actor.pk:
        raise ValidationError(_("재직을 확인한 사람은 그 회차의 지급을 승인할 수 없습니다."))
    installment.status = Status.APPROVED
    installment.approved_by = actor
    installment.approved_at = timezone.now()
    installment.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    label = _label(installment)
    _record(
        installment,
        actor=actor,
        verb="incentives.installment.approved",
        done=lambda: _("%(installment)s 지급을 승인했습니다.") % {"installment": label},
        told=lambda: _("장려금 %(installment)s 지급이 승인되었습니다.") % {"installment": label},
        recipients=organization_people(organization_id=installment.case.company_id),
    )
    return installment


@transaction.atomic
def installment_pay(*, actor: Any, installment: Installment) -> Installment:
    """Paid today, the amount of the schedule: a payment in the ledger."""
    require_reviewer(actor)
    installment = _locked(installment)
    if installment.status != Status.APPROVED:
        raise ValidationError(_("지급이 승인된 회차만 지급 완료로 기록할 수 있습니다."))
    if installment.confirmed_by_id == actor.pk:
        raise ValidationError(_("재직을 확인한 사람은 그 회차의 지급을 기록할 수 없습니다."))
    installment.status = Status.PAID
    installment.paid_on = clock.today()
    installment.save(update_fields=["status", "paid_on", "updated_at"])
    case = installment.case
    LedgerEntry.objects.create(
        program=case.program, case=case, installment=installment, kind=LedgerEntry.Kind.PAYMENT,
        amount=installment.amount, actor=actor,
    )  # fmt: skip
    label = _label(installment)
    _record(
        installment,
        actor=actor,
        verb="incentives.installment.paid",
        done=lambda: (
            _("%(installment)s %(amount)s원을 지급했습니다.")
            % {"installment": label, "amount": f"{installment.amount:,}"}
        ),
        told=lambda: _("장려금 %(installment)s 지급이 완료되었습니다.") % {"installment": label},
        recipients=organization_people(organization_id=case.company_id),
    )
    return installment


@transaction.atomic
def installment_recovered(*, actor: Any, installment: Installment) -> Installment:
    """The labor office records the money of a payment made after a separation as returned: a recovery
    and a release in the ledger, and the commitment freed (the waitlist may move)."""
    require_reviewer(actor)
    installment = _locked(installment)
    if installment.status != Status.RECOVERING:
        raise ValidationError(_("환수 대상인 회차만 환수 완료로 기록할 수 있습니다."))
    case = installment.case
    installment.status = Status.RECOVERED
    installment.save(update_fields=["status", "updated_at"])
    for kind in (LedgerEntry.Kind.RECOVERY, LedgerEntry.Kind.RELEASE):
        LedgerEntry.objects.create(
            program=case.program,
            case=case,
            installment=installment,
            kind=kind,
            amount=installment.amount,
            actor=actor,
        )
    # Everything paid came back and nothing more is owed: the place goes back too (before the money,
    # in the order approvals take the rows).
    if _nothing_paid(case):
        caps.give_back_place(case.program, case.company_id)
    caps.release(case.program, installment.amount)
    label = _label(installment)
    activity_log(
        actor=actor,
        verb="incentives.installment.recovered",
        target=case.application,
        scope=case.company,
        summary=lambda: (
            _("%(installment)s %(amount)s원을 환수했습니다.")
            % {"installment": label, "amount": f"{installment.amount:,}"}
        ),
    )
    program = case.program
    transaction.on_commit(lambda: waitlist_move(program))
    return installment


def _nothing_paid(case: Any) -> bool:
    """No installment of the case is open, paid or to be recovered: all stopped or recovered."""
    kept = [Status.SCHEDULED, Status.CONFIRMED, Status.APPROVED, Status.PAID, Status.RECOVERING]
    return not Installment.objects.filter(case=case, status__in=kept).exists()


def release_after_separation(sender: Any, employment: Employment, actor: Any = None, **kwargs: Any) -> None:
    """The employment_separated receiver: every installment due after the last day employed stops
    (its commitment released), and one already paid is to be recovered. A person who left before any
    payment gives their place back, and the waitlist moves."""
    case = getattr(employment, "incentive_case", None)
    if case is None:
        return
    program = case.program
    installments = list(
        Installment.objects.select_for_update()
        .filter(case=case, due_on__gt=employment.separated_on)
        .order_by("number")
    )
    released = 0
    for installment in installments:
        if installment.status == Status.PAID:
            # Paid for a month after the person left: to be recovered. The money counts as spent
            # until the labor office records it back (installment_recovered).
            installment.status = Status.RECOVERING
        elif installment.status in OPEN:
            installment.status = Status.RELEASED
            LedgerEntry.objects.create(
                program=program, case=case, installment=installment, kind=LedgerEntry.Kind.RELEASE,
                amount=installment.amount, actor=actor,
            )  # fmt: skip
            released += installment.amount
        else:
            continue
        installment.save(update_fields=["status", "updated_at"])
    to_recover = [i for i in installments if i.status == Status.RECOVERING]
    if to_recover:
        notify(
            recipients=reviewers(),
            verb="incentives.recovery.due",
            url=case.application.get_absolute_url(),
            summary=lambda: (
                _("퇴사 뒤 지급된 장려금을 환수해야 합니다: %(amount)s원")
                % {"amount": f"{sum(i.amount for i in to_recover):,}"}
            ),
        )
    if not released:
        return
    # A person gives their place back only when nothing of theirs is or will be paid: every
    # installment stopped (the company's row before the programme's, as approvals take them).
    if _nothing_paid(case):
        caps.give_back_place(program, case.company_id)
    caps.release(program, released)
    activity_log(
        actor=actor,
        verb="incentives.released",
        target=case.application,
        scope=case.company,
        summary=lambda: (
            _("퇴사로 남은 지급을 중단했습니다(약정 해제 %(amount)s원).") % {"amount": f"{released:,}"}
        ),
    )
    transaction.on_commit(lambda: waitlist_move(program))


def _due_summary(label: str) -> Callable[[], str]:
    return lambda: _("장려금 %(installment)s 재직 확인을 해 주세요.") % {"installment": label}


def _missing_summary(label: str) -> Callable[[], str]:
    return lambda: (
        _("%(installment)s: 지급 기준일로부터 %(days)d일이 지났지만 재직 증빙이 없습니다.")
        % {
            "installment": label,
            "days": EVIDENCE_GRACE_DAYS,
        }
    )


def installments_remind() -> int:
    """The daily reminders (`ppuri incentive_reminders`): an installment that fell due, once; its
    evidence still missing 14 days on, once more, to the company and the labor office. An installment
    due before a separation is still owed, so it is reminded of too. How many were sent."""
    today = clock.today()
    sent = 0
    due = Installment.objects.filter(status=Status.SCHEDULED, due_on__lte=today).filter(
        Q(case__employment__separated_on__isnull=True) | Q(due_on__lte=F("case__employment__separated_on"))
    )
    for installment in due.filter(due_notified_at__isnull=True).select_related(
        "case__application", "case__program"
    ):
        label = _label(installment)
        notify(
            recipients=organization_people(organization_id=installment.case.company_id),
            verb="incentives.installment.due",
            url=installment.case.application.get_absolute_url(),
            summary=_due_summary(label),
        )
        Installment.objects.filter(pk=installment.pk).update(due_notified_at=timezone.now())
        sent += 1
    late = due.filter(reminded_at__isnull=True, due_on__lte=today - timedelta(days=EVIDENCE_GRACE_DAYS))
    for installment in late.select_related("case__application"):
        if installment.evidence.exists():
            continue
        label = _label(installment)
        notify(
            recipients=[*organization_people(organization_id=installment.case.company_id), *reviewers()],
            verb="incentives.installment.evidence_missing",
            url=installment.case.application.get_absolute_url(),
            summary=_missing_summary(label),
        )
        Installment.objects.filter(pk=installment.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
