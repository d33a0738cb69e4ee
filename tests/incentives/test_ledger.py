"""A case through its life: approval commits the schedule; installments fall due with the calendar,
are confirmed with evidence, approved and paid; a separation stops later ones and releases them; a
payment made after an unreported separation is recovered. The ledger adds up at every step."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ppuri.core import clock
from ppuri.core.notifications import Notification
from ppuri.incentives import selectors, services
from ppuri.incentives.models import IncentiveCase, Installment, LedgerEntry
from ppuri.tenure.models import MilestoneConfirmation
from ppuri.tenure.services import employment_separate
from tests.incentives.conftest import submit

Status = Installment.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _evidence(application, installment, admin):
    services.evidence_add(
        actor=admin,
        application=application,
        upload=SimpleUploadedFile("재직증명.pdf", PDF, content_type="application/pdf"),
        document="employment",
        installment=installment,
    )


def _pay(installment, admin, reviewer, application):
    _evidence(application, installment, admin)
    services.installment_confirm(actor=admin, installment=installment)
    services.installment_approve(actor=reviewer, installment=installment)
    return services.installment_pay(actor=reviewer, installment=installment)


def _check(program, **expected):
    the_ledger = selectors.ledger(program)
    assert the_ledger.adds_up(), the_ledger
    program.refresh_from_db()
    assert program.committed == the_ledger.committed - the_ledger.released
    for name, value in expected.items():
        assert getattr(the_ledger, name) == value, (name, the_ledger)
    # What is still owed is exactly the open installments.
    open_amount = sum(
        Installment.objects.filter(
            case__program=program, status__in=[Status.SCHEDULED, Status.CONFIRMED, Status.APPROVED]
        ).values_list("amount", flat=True)
    )
    assert the_ledger.outstanding == open_amount
    return the_ledger


@pytest.mark.django_db
def test_a_case_is_paid_by_tenure_then_stopped_by_a_separation(program, company, company_admin, reviewer):
    application = submit(company_admin, program, company)  # hired 2026-03-02
    services.application_approve(actor=reviewer, application=application)
    case = IncentiveCase.objects.get(application=application)
    first, second, third, fourth = case.installments.order_by("number")
    assert [i.due_on for i in (first, second, third, fourth)] == [
        date(2026, 6, 2), date(2026, 9, 2), date(2026, 12, 2), date(2027, 3, 2),
    ]  # fmt: skip
    _check(program, committed=3_600_000, outstanding=3_600_000, remaining=1_576_400_000, headcount=1)

    # Today is 2026-12-01: the third installment is not yet due.
    with pytest.raises(ValidationError, match="2026-12-02부터"):
        services.installment_confirm(actor=company_admin, installment=third)
    # No confirmation without evidence.
    with pytest.raises(ValidationError) as refused:
        services.installment_confirm(actor=company_admin, installment=first)
    assert "evidence" in refused.value.message_dict
    # The reviewer cannot confirm for the company, nor the company approve its own payment.
    _evidence(application, first, company_admin)
    with pytest.raises(PermissionDenied):
        services.installment_confirm(actor=reviewer, installment=first)
    services.installment_confirm(actor=company_admin, installment=first)
    with pytest.raises(PermissionDenied):
        services.installment_approve(actor=company_admin, installment=first)
    services.installment_approve(actor=reviewer, installment=first)
    _check(program, approved=900_000, paid=0)
    services.installment_pay(actor=reviewer, installment=first)
    _pay(second, company_admin, reviewer, application)
    _check(program, paid=1_800_000, outstanding=1_800_000, approved=0)
    # The 3-month and 6-month milestones were confirmed with the installments.
    assert set(MilestoneConfirmation.objects.values_list("milestone", flat=True)) == {"3m", "6m"}

    # Three months on, the third is paid; then the person leaves before the fourth's day.
    with clock.fixed(date(2027, 1, 10)):
        _pay(Installment.objects.get(pk=third.pk), company_admin, reviewer, application)
        employment_separate(
            actor=company_admin, employment=case.employment, separated_on=date(2027, 1, 9), reason="voluntary"
        )

    fourth.refresh_from_db()
    assert fourth.status == Status.RELEASED
    the_ledger = _check(
        program, committed=3_600_000, released=900_000, paid=2_700_000, recovered=0, outstanding=0,
        remaining=1_580_000_000 - 2_700_000, headcount=1,
    )  # fmt: skip
    assert the_ledger.budget == the_ledger.remaining + the_ledger.paid
    # The person was paid: their place stays counted.
    program.refresh_from_db()
    assert program.approved_headcount == 1


@pytest.mark.django_db
def test_a_payment_after_an_unreported_separation_is_recovered(program, company, company_admin, reviewer):
    application = submit(company_admin, program, company)
    services.application_approve(actor=reviewer, application=application)
    case = IncentiveCase.objects.get(application=application)
    first, second, *_rest = case.installments.order_by("number")
    _pay(first, company_admin, reviewer, application)
    _pay(second, company_admin, reviewer, application)  # for month 6 (2026-09-02)

    # Reported late: the person had left on 2026-08-31, before the second installment's day.
    employment_separate(
        actor=company_admin, employment=case.employment, separated_on=date(2026, 8, 31), reason="dismissal"
    )

    second.refresh_from_db()
    assert second.status == Status.RECOVERING
    # Claimed, not yet back: the money still counts as paid, and nothing is freed for it.
    assert list(LedgerEntry.objects.filter(installment=second).values_list("kind", "amount")) == [
        ("payment", 900_000)
    ]
    _check(program, committed=3_600_000, released=1_800_000, paid=1_800_000, recovered=0, outstanding=0)
    with pytest.raises(PermissionDenied):
        services.installment_recovered(actor=company_admin, installment=second)

    services.installment_recovered(actor=reviewer, installment=second)

    second.refresh_from_db()
    assert second.status == Status.RECOVERED
    kinds = list(LedgerEntry.objects.filter(installment=second).values_list("kind", "amount"))
    assert kinds == [("payment", 900_000), ("recovery", 900_000), ("release", 900_000)]
    _check(program, committed=3_600_000, released=2_700_000, paid=1_800_000, recovered=900_000, outstanding=0)
    with pytest.raises(ValidationError):
        services.installment_recovered(actor=reviewer, installment=second)


@pytest.mark.django_db
def test_a_separation_before_the_hire_or_in_the_future_is_refused(program, company, company_admin, reviewer):
    application = submit(company_admin, program, company)
    services.application_approve(actor=reviewer, application=application)
    employment = IncentiveCase.objects.get(application=application).employment

    for day, field in ((date(2026, 3, 1), "date"), (date(2026, 12, 2), "date")):
        with pytest.raises(ValidationError) as refused:
            employment_separate(
                actor=company_admin, employment=employment, separated_on=day, reason="voluntary"
            )
        assert field in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        employment_separate(
            actor=company_admin, employment=employment, separated_on=date(2026, 5, 1), reason="moved"
        )
    assert "reason" in refused.value.message_dict
    employment.refresh_from_db()
    assert employment.separated_on is None
    _check(program, released=0)


@pytest.mark.django_db
def test_the_reminders_tell_the_company_once_when_due_and_once_when_evidence_is_late(
    program, company, company_admin, reviewer
):
    application = submit(company_admin, program, company)
    services.application_approve(actor=reviewer, application=application)
    Notification.objects.all().delete()

    with clock.fixed(date(2026, 6, 2)):
        assert services.installments_remind() == 1
        assert services.installments_remind() == 0
    with clock.fixed(date(2026, 6, 16)):
        assert services.installments_remind() == 1  # 14 days on, no evidence
        assert services.installments_remind() == 0

    verbs = sorted(Notification.objects.values_list("recipient__username", "verb"))
    assert verbs == [
        ("labor-reviewer", "incentives.installment.evidence_missing"),
        ("namdong-admin", "incentives.installment.due"),
        ("namdong-admin", "incentives.installment.evidence_missing"),
    ]


@pytest.mark.django_db
def test_no_one_decides_their_own_application_or_approves_a_payment_they_confirmed(
    program, company, operator_user, reviewer
):
    # An operator may act on both sides, but not on both sides of one decision.
    application = submit(operator_user, program, company)
    with pytest.raises(services.Refused) as refused:
        services.application_approve(actor=operator_user, application=application)
    assert refused.value.code == "separation_of_duties"
    services.application_approve(actor=reviewer, application=application)
    first = IncentiveCase.objects.get(application=application).installments.order_by("number").first()
    _evidence(application, first, operator_user)
    services.installment_confirm(actor=operator_user, installment=first)

    with pytest.raises(ValidationError, match="재직을 확인한 사람은"):
        services.installment_approve(actor=operator_user, installment=first)

    services.installment_approve(actor=reviewer, installment=first)
    first.refresh_from_db()
    assert first.status == Status.APPROVED


@pytest.mark.django_db
def test_a_place_stays_taken_while_anything_of_it_is_or_will_be_paid(
    program, company, company_admin, reviewer
):
    application = submit(company_admin, program, company)  # hired 2026-03-02
    services.application_approve(actor=reviewer, application=application)
    case = IncentiveCase.objects.get(application=application)
    first = case.installments.order_by("number").first()  # due 2026-06-02
    _evidence(application, first, company_admin)
    services.installment_confirm(actor=company_admin, installment=first)

    # The person leaves after the first installment's day, before it is paid: it is still owed.
    employment_separate(
        actor=company_admin, employment=case.employment, separated_on=date(2026, 6, 5), reason="voluntary"
    )

    program.refresh_from_db()
    assert program.approved_headcount == 1
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    _check(program, released=2_700_000, outstanding=900_000)
    services.installment_approve(actor=reviewer, installment=first)
    services.installment_pay(actor=reviewer, installment=first)
    _check(program, paid=900_000, outstanding=0, headcount=1)


@pytest.mark.django_db
def test_a_place_comes_back_when_every_payment_was_recovered(program, company, company_admin, reviewer):
    application = submit(company_admin, program, company)
    services.application_approve(actor=reviewer, application=application)
    case = IncentiveCase.objects.get(application=application)
    first = case.installments.order_by("number").first()
    _pay(first, company_admin, reviewer, application)
    # Reported late: the person had left before the first installment's day.
    employment_separate(
        actor=company_admin, employment=case.employment, separated_on=date(2026, 5, 1), reason="voluntary"
    )
    program.refresh_from_db()
    assert program.approved_headcount == 1  # paid, not yet back

    services.installment_recovered(actor=reviewer, installment=Installment.objects.get(pk=first.pk))

    program.refresh_from_db()
    assert program.approved_headcount == 0
    _check(program, committed=3_600_000, released=3_600_000, paid=900_000, recovered=900_000, outstanding=0)
