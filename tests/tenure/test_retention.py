"""Retention: the Kaplan–Meier estimate equals statsmodels' SurvfuncRight to 1e-9 on generated data with
censoring and ties; curves by group from real hires; counts under 5 hidden from everyone but operators
and the labor office, on the page and in the API."""

import random
from datetime import date, timedelta

import numpy as np
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.reference.models import Complex
from ppuri.tenure import retention
from ppuri.tenure.models import Employment, Milestone, milestone_date
from ppuri.tenure.selectors import MilestoneState, milestones_of
from tests.conftest import client_for
from tests.factories import OrganizationFactory, SiteFactory, UserFactory

TODAY = date(2026, 12, 1)


def _generated(seed: int, people: int) -> list[tuple[int, bool]]:
    """Days observed and whether the person left, with many ties (whole weeks) and about a third
    censored."""
    rng = random.Random(seed)
    return [(7 * rng.randint(1, 60), rng.random() > 0.35) for _ in range(people)]


@pytest.mark.parametrize("seed", [1, 2, 3, 20261201])
def test_kaplan_meier_equals_statsmodels(seed):
    observations = _generated(seed, 400)
    steps = retention.kaplan_meier(observations)
    reference = SurvfuncRight(
        np.array([days for days, _ in observations], dtype=float),
        np.array([1 if left else 0 for _, left in observations], dtype=float),
    )

    ours = {s.day: s.survival for s in steps if s.left}
    theirs = dict(zip(reference.surv_times, reference.surv_prob, strict=True))
    assert set(ours) == set(theirs)
    for day, value in theirs.items():
        assert abs(ours[day] - value) < 1e-9, day
    at_risk = {s.day: s.at_risk for s in steps if s.left}
    assert at_risk == dict(zip(reference.surv_times, reference.n_risk.astype(int), strict=True))
    # Between the steps the estimate holds, and before the first departure it is 1.
    for day in (0, 3, 100.5, 365.25, 2_000):
        expected = ([1.0] + [p for t, p in theirs.items() if t <= day])[-1]
        assert abs(retention.survival_at(steps, day) - expected) < 1e-9


def test_the_censored_on_a_departure_day_count_as_at_risk_that_day():
    steps = retention.kaplan_meier([(10, True), (10, False), (20, True), (30, False)])
    assert [(s.day, s.at_risk, s.left, s.censored) for s in steps] == [
        (10, 4, 1, 1),
        (20, 2, 1, 0),
        (30, 1, 0, 1),
    ]
    assert steps[0].survival == pytest.approx(0.75)
    assert steps[1].survival == pytest.approx(0.375)


def _hires(company, site, count: int, *, hired_on: date, left_after: int | None = None, technology=None):
    for _ in range(count):
        Employment.objects.create(
            company=company, site=site, complex=site.complex, technology=technology, source="job_application",
            hired_on=hired_on,
            separated_on=hired_on + timedelta(days=left_after) if left_after is not None else None,
            separation_reason="voluntary" if left_after is not None else "",
        )  # fmt: skip


@pytest.fixture
def hires(db):
    company = OrganizationFactory(name="유지정밀(주)")
    namdong_site = SiteFactory(organization=company)
    juan_site = SiteFactory(organization=company, complex=Complex.objects.get(slug="juan"), is_primary=False)
    # Namdong: 8 hires, 2 left in the first month; Juan: 3 hires (a small group), 1 left.
    _hires(company, namdong_site, 6, hired_on=date(2025, 6, 1))
    _hires(company, namdong_site, 2, hired_on=date(2025, 6, 1), left_after=20)
    _hires(company, juan_site, 2, hired_on=date(2025, 6, 1))
    _hires(company, juan_site, 1, hired_on=date(2025, 6, 1), left_after=40)


def test_curves_by_complex_for_someone_who_may_see_every_count(hires):
    with clock.fixed(TODAY):
        curves = retention.curves(Employment.objects.all(), by="complex", exact=True)
    groups = {g["group"]: g for g in curves}

    assert groups["namdong"]["hires"] == 8 and groups["namdong"]["left"] == 2
    six_months = next(p for p in groups["namdong"]["points"] if p["months"] == 6)
    assert six_months == {"months": 6, "survival": 0.75, "at_risk": 6}
    assert groups["juan"]["hires"] == 3
    assert next(p for p in groups["juan"]["points"] if p["months"] == 3)["survival"] == pytest.approx(
        2 / 3, abs=1e-6
    )


def test_small_counts_are_hidden_from_everyone_else(hires):
    with clock.fixed(TODAY):
        groups = {
            g["group"]: g for g in retention.curves(Employment.objects.all(), by="complex", exact=False)
        }

    assert groups["juan"]["hires"] is None  # 3 hires
    # Namdong's 8 would give Juan's 3 away beside the total of 11: hidden as well (secondary).
    assert groups["namdong"]["hires"] is None
    assert all(p["survival"] is None for p in groups["namdong"]["points"])
    all_hires = retention.curves(Employment.objects.all(), by="all", exact=False, today=TODAY)
    assert all_hires[0]["hires"] == 11
    assert groups["juan"]["left"] is None
    assert all(p["survival"] is None and p["at_risk"] is None for p in groups["juan"]["points"])
    assert groups["juan"]["steps"] == []


@pytest.mark.parametrize(
    ("role", "exact"),
    [
        (None, False),
        (Role.CITY, False),
        (Role.COMPANY, False),
        (Role.LABOR_OFFICE, True),
        (Role.OPERATOR, True),
    ],
)
def test_the_api_and_the_page_suppress_by_who_asks(hires, client, role, exact):
    viewer = client if role is None else client_for(UserFactory(username=f"viewer-{role}", role=role))
    with clock.fixed(TODAY):
        answer = viewer.get("/api/v1/retention?by=complex").json()
        page = viewer.get("/incentives/retention/?by=complex").content.decode()

    juan = next(g for g in answer["groups"] if g["group"] == "juan")
    assert (juan["hires"] == 3) is exact
    assert answer["suppressed_below"] == (None if exact else 5)
    assert ("5 미만은 공개하지 않습니다." in page) is not exact
    assert 'data-group="juan"' in page


@pytest.mark.django_db
def test_milestones_of_an_employment():
    company = OrganizationFactory(name="근속정밀(주)")
    employment = Employment.objects.create(
        company=company, source="job_application", hired_on=date(2026, 1, 31), separated_on=date(2026, 7, 30),
        separation_reason="voluntary",
    )  # fmt: skip
    assert milestone_date(employment.hired_on, Milestone.DAYS_100) == date(2026, 5, 10)
    assert milestone_date(employment.hired_on, Milestone.MONTHS_3) == date(2026, 4, 30)  # no 31 April
    employment.confirmations.create(milestone="3m")
    with clock.fixed(date(2026, 8, 1)):
        states = {row.milestone: row.state for row in milestones_of(employment)}
    assert states == {
        # The 6-month day is 2026-07-31, the day after the last day employed.
        "100d": MilestoneState.AWAITING, "3m": MilestoneState.CONFIRMED, "6m": MilestoneState.LOST,
        "12m": MilestoneState.LOST, "18m": MilestoneState.LOST, "24m": MilestoneState.LOST,
    }  # fmt: skip
    with clock.fixed(date(2026, 3, 1)):
        assert milestones_of(employment)[0].state == MilestoneState.UPCOMING


def test_two_small_groups_beside_a_big_one_are_not_given_away_by_the_total():
    from ppuri.tenure.retention import _hide

    # 1 and 1 hidden add up to 2: the next smallest goes too, or the total less 50 tells both.
    assert _hide([1, 1, 50], [1, 1, 50]) == [None, None, None]
    # One small group: a second one goes with it, until the hidden add up to at least 5.
    assert _hide([3, 40, 60], [3, 40, 60]) == [None, None, 60]
    assert _hide([0, 12, 30], [0, 12, 30]) == [0, 12, 30]  # zero is nobody: shown, and nothing hidden
    assert _hide([7, 8, 9], [7, 8, 9]) == [7, 8, 9]
