"""Caps hold under concurrency: many approvals racing for the last places (threads, each with its own
database connection, on the suite's engine) yield exactly the cap, with clear refusals for the rest,
who wait on the waitlist in first-come order; the database's CHECK constraints stand behind the
counters. bench/incentive_caps.py does the same through HTTP against a multi-worker server."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.utils import load_backend

from ppuri.accounts.models import Role
from ppuri.incentives import selectors, services
from ppuri.incentives.models import IncentiveApplication, IncentiveCase, Program, ProgramCompany
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory
from tests.importing.processes import site_from, template_from_test_database
from tests.incentives.conftest import make_program, submit

Status = IncentiveApplication.Status


def _companies(count: int):
    """Companies with an admin each (so a per-company cap does not interfere)."""
    made = []
    for number in range(count):
        company = OrganizationFactory(name=f"경합정밀{number}(주)", employees=20)
        SiteFactory(organization=company)
        made.append(
            (company, MembershipFactory(organization=company, user__username=f"race-admin-{number}").user)
        )
    return made


@pytest.fixture
def racing(tmp_path, django_db_blocker):
    """A database that threads share as separate connections would share a server: PostgreSQL's test
    database (committed writes), or on SQLite a file copy of the suite's database (its in-memory one
    serves threads through a shared cache that refuses, rather than waits for, a second writer).
    Yields the settings each thread connects with."""
    if connection.vendor == "postgresql":
        yield dict(connection.settings_dict)  # the test database's (a new thread would read the original)
        return
    with django_db_blocker.unblock():
        template = template_from_test_database(tmp_path / "template")
        with site_from(template, tmp_path / "site") as site:
            yield {**site.database, "OPTIONS": {**site.database["OPTIONS"], "timeout": 60}}


def _cast(count: int, **program_values):
    """An operator's programme, a reviewer, and `count` companies with an admin each."""
    operator = UserFactory(username="race-operator", role=Role.OPERATOR, is_staff=True)
    reviewer = UserFactory(username="race-reviewer", role=Role.LABOR_OFFICE)
    return make_program(operator, **program_values), reviewer, _companies(count)


def _race(reviewer, applications, database) -> list[str]:
    """Approve all at once from as many threads, each with its own connection; each thread's outcome
    ("approved" or the refusal's code)."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(applications))

    def approve(application) -> None:
        connections["default"] = load_backend(database["ENGINE"]).DatabaseWrapper(database, "default")
        try:
            start.wait(10)
            try:
                services.application_approve(actor=reviewer, application=application)
                outcome = "approved"
            except services.Refused as refused:
                outcome = refused.code
            with lock:
                outcomes.append(outcome)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_take_exactly_the_head_count_cap(racing):
    program, reviewer, companies = _cast(16, headcount_cap=10, per_company_cap=5, per_root_company_cap=5)
    applications = [
        submit(admin, program, company, person={"name": f"청년{n}", "phone": f"010-1000-{n:04d}"})
        for n, (company, admin) in enumerate(companies)
    ]

    outcomes = _race(reviewer, applications, racing)

    assert sorted(outcomes) == ["approved"] * 10 + ["cap_headcount"] * 6
    program.refresh_from_db()
    assert program.approved_headcount == 10
    assert IncentiveCase.objects.filter(program=program).count() == 10
    assert IncentiveApplication.objects.filter(program=program, status=Status.WAITLISTED).count() == 6
    the_ledger = selectors.ledger(program)
    assert the_ledger.committed == program.committed == 10 * program.amount_per_person
    assert the_ledger.adds_up()
    waiting = IncentiveApplication.objects.filter(status=Status.WAITLISTED).first()
    assert waiting.decision_reason == "인원 한도 10명에 도달했습니다."


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_of_one_company_take_exactly_its_cap(racing):
    program, reviewer, ((company, company_admin),) = _cast(1, per_company_cap=3, per_root_company_cap=5)
    applications = [
        submit(company_admin, program, company, person={"name": f"청년{n}", "phone": f"010-2000-{n:04d}"})
        for n in range(9)
    ]

    outcomes = _race(reviewer, applications, racing)

    assert company.is_root_industry  # so the higher cap applies
    assert sorted(outcomes) == ["approved"] * 5 + ["cap_company"] * 4
    assert ProgramCompany.objects.get(program=program, company=company).approved == 5
    assert Program.objects.get(pk=program.pk).approved_headcount == 5


@pytest.mark.django_db(transaction=True)
def test_the_budget_is_a_cap_too(racing):
    # Room for two full schedules of 3.6 M and a little more.
    program, reviewer, companies = _cast(5, budget=8_000_000)
    applications = [
        submit(admin, program, company, person={"name": f"청년{n}", "phone": f"010-3000-{n:04d}"})
        for n, (company, admin) in enumerate(companies)
    ]

    outcomes = _race(reviewer, applications, racing)

    assert sorted(outcomes) == ["approved"] * 2 + ["cap_budget"] * 3
    program.refresh_from_db()
    assert program.committed == 7_200_000 <= program.budget
    refused = IncentiveApplication.objects.filter(status=Status.WAITLISTED).first()
    assert refused.decision_reason == "예산 한도에 도달했습니다(남은 예산 800,000원, 1인 3,600,000원 필요)."


@pytest.mark.django_db
def test_the_database_refuses_counters_past_the_caps(operator_user):
    program = make_program(operator_user, headcount_cap=2, budget=10_000_000)
    for change in ({"approved_headcount": 3}, {"committed": 10_000_001}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Program.objects.filter(pk=program.pk).update(**change)
    assert Program.objects.get(pk=program.pk).approved_headcount == 0


@pytest.mark.django_db
def test_one_person_is_approved_once_even_through_two_applications(
    operator_user, reviewer, company, company_admin
):
    program = make_program(operator_user)
    first = submit(company_admin, program, company)
    # The same person again (an application written before the first was decided is ineligible).
    second = submit(company_admin, program, company)
    assert not second.eligible
    # Even were it marked eligible by hand, the database keeps one approval per person.
    IncentiveApplication.objects.filter(pk=second.pk).update(eligible=True)
    services.application_approve(actor=reviewer, application=first)

    with pytest.raises(services.Refused) as refused:
        services.application_approve(actor=reviewer, application=second)

    assert refused.value.code == "not_eligible"
    assert Program.objects.get(pk=program.pk).approved_headcount == 1
    assert IncentiveCase.objects.count() == 1


@pytest.mark.django_db
def test_the_waitlist_moves_in_first_come_order_when_a_place_is_released(
    operator_user, reviewer, django_capture_on_commit_callbacks
):
    program = make_program(operator_user, headcount_cap=1)
    (a_company, a_admin), (b_company, b_admin), (c_company, c_admin) = _companies(3)
    first = submit(a_admin, program, a_company, person={"name": "가", "phone": "010-4000-0001"})
    second = submit(b_admin, program, b_company, person={"name": "나", "phone": "010-4000-0002"})
    third = submit(c_admin, program, c_company, person={"name": "다", "phone": "010-4000-0003"})
    services.application_approve(actor=reviewer, application=first)
    for later in (third, second):  # decided out of order: the waitlist keeps the order of arrival
        with pytest.raises(services.Refused):
            services.application_approve(actor=reviewer, application=later)
    assert selectors.waitlist_position(IncentiveApplication.objects.get(pk=second.pk)) == 1
    assert selectors.waitlist_position(IncentiveApplication.objects.get(pk=third.pk)) == 2

    # The first person leaves before any payment: their place comes back and the waitlist moves.
    from ppuri.tenure.services import employment_separate

    case = IncentiveCase.objects.get(application=first)
    with django_capture_on_commit_callbacks(execute=True):
        employment_separate(
            actor=a_admin, employment=case.employment, separated_on=date(2026, 4, 1), reason="voluntary"
        )

    assert IncentiveApplication.objects.get(pk=second.pk).status == Status.APPROVED
    assert IncentiveApplication.objects.get(pk=third.pk).status == Status.WAITLISTED
    assert Program.objects.get(pk=program.pk).approved_headcount == 1
