"""The forecast: each unpaid installment × the chance its person is still employed at its month, given
employed today (from the Kaplan–Meier curve of every hire), against the remaining budget; the places it
would fund are bounded by the head-count cap as well as by the money."""

from datetime import timedelta

import pytest

from ppuri.incentives import selectors, services
from ppuri.tenure.models import Employment
from tests.incentives.conftest import TODAY, make_program, submit


def _history(company, *, stayed: int, left_after_days: int, left: int) -> None:
    """Hires two years ago: `left` of them left after `left_after_days`, `stayed` are still employed."""
    hired = TODAY - timedelta(days=730)
    for n in range(stayed + left):
        leaves = n < left
        Employment.objects.create(
            company=company, source="job_application", hired_on=hired,
            separated_on=hired + timedelta(days=left_after_days) if leaves else None,
            separation_reason="voluntary" if leaves else "",
        )  # fmt: skip


@pytest.mark.django_db
def test_expected_liability_weights_each_installment_by_the_chance_of_still_being_employed(
    operator_user, company, company_admin, reviewer
):
    # Half of the hires leave on day 300, the others stay: S = 1 before day 300, 0.5 from it.
    _history(company, stayed=5, left_after_days=300, left=5)
    program = make_program(operator_user, budget=100_000_000, headcount_cap=300)
    application = submit(company_admin, program, company)  # hired 2026-03-02: 274 days ago
    services.application_approve(actor=reviewer, application=application)

    forecast = selectors.forecast(program)

    # Months 3, 6 and 9 (≤ 274 days) are past the risk: certain; month 12 (365 days): 0.5 / 1.
    assert forecast.owed_if_all_stay == 3_600_000 == selectors.ledger(program).outstanding
    assert forecast.expected_liability == 3 * 900_000 + 450_000
    assert forecast.remaining_budget == 100_000_000 - 3_600_000
    assert forecast.expected_free == 96_400_000 + 450_000
    assert forecast.more_people == 96_850_000 // 3_600_000 == 26  # by the money, places to spare
    assert forecast.hires_in_curve == 11


@pytest.mark.django_db
def test_the_places_it_would_fund_are_bounded_by_the_head_count_left(
    operator_user, company, company_admin, reviewer
):
    program = make_program(operator_user, budget=1_000_000_000, headcount_cap=2)
    services.application_approve(actor=reviewer, application=submit(company_admin, program, company))

    assert selectors.forecast(program).more_people == 1  # money for hundreds, one place left


@pytest.mark.django_db
def test_past_the_last_departure_the_curve_is_flat_so_someone_still_employed_is_expected_to_stay(
    operator_user, company, company_admin, reviewer
):
    _history(company, stayed=0, left_after_days=10, left=6)  # everyone before left in ten days
    program = make_program(operator_user)
    services.application_approve(actor=reviewer, application=submit(company_admin, program, company))

    forecast = selectors.forecast(program)

    # The person is 274 days in: S(12 months) / S(now) = 1, no departure was ever seen after day 10.
    assert forecast.expected_liability == forecast.owed_if_all_stay == 3_600_000
