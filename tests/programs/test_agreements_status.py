"""The status rule at its edges, with the calendar moved (core.clock): no target, not started, no
actual yet, the expected figure growing with the share of the period elapsed, and the thresholds
(90 % on track, 70 % at risk) met exactly and missed by one; a status over a hidden small count; the
rule as the page shows it."""

from datetime import date
from decimal import Decimal

import pytest

from ppuri.core import clock
from ppuri.programs import status as rule
from ppuri.programs.models import Commitment
from ppuri.programs.selectors.agreements import figure_for
from ppuri.programs.status import Status, elapsed_share, period_status, status_shown
from tests.conftest import client_for
from tests.programs import agreements_setup as build

# Ten days, so the share elapsed is a tenth per day.
START, END = date(2021, 1, 1), date(2021, 1, 10)


def at(today: date, actual: int | None, target: int | None = 100) -> str:
    with clock.fixed(today):  # period_status reads today from core.clock
        return period_status(target=target, actual=actual, starts_on=START, ends_on=END).status


def test_the_thresholds_are_module_constants():
    assert Decimal("0.9") == rule.ON_TRACK_FROM
    assert Decimal("0.7") == rule.AT_RISK_FROM


def test_a_period_without_a_target_is_not_judged_even_before_it_starts():
    assert at(date(2020, 12, 1), None, target=None) == Status.NO_TARGET
    assert at(date(2021, 1, 5), 3, target=None) == Status.NO_TARGET


def test_before_its_first_day_a_period_has_not_started():
    assert at(date(2020, 12, 31), None) == Status.NOT_STARTED
    assert at(date(2020, 12, 31), 0) == Status.NOT_STARTED
    assert at(START, 10) == Status.ON_TRACK  # its first day counts: expected 10


def test_a_manual_indicator_without_an_actual_has_none_yet():
    assert at(date(2021, 1, 5), None) == Status.NO_ACTUAL
    assert at(date(2022, 1, 1), None) == Status.NO_ACTUAL


def test_the_expected_figure_is_the_target_times_the_share_elapsed():
    assert elapsed_share(START, END, date(2020, 12, 31)) == 0
    assert elapsed_share(START, END, START) == Decimal("0.1")
    assert elapsed_share(START, END, date(2021, 1, 5)) == Decimal("0.5")
    assert elapsed_share(START, END, END) == 1
    assert elapsed_share(START, END, date(2030, 1, 1)) == 1
    with clock.fixed(date(2021, 1, 5)):
        found = period_status(target=100, actual=45, starts_on=START, ends_on=END)
    assert (found.expected, found.ratio) == (Decimal(50), Decimal("0.9"))


@pytest.mark.parametrize(
    ("today", "actual", "expected"),
    [
        # Half-way (expected 50): 45 is 90 %, 44 is 88 %, 35 is 70 %, 34 is 68 %.
        (date(2021, 1, 5), 45, Status.ON_TRACK),
        (date(2021, 1, 5), 44, Status.AT_RISK),
        (date(2021, 1, 5), 35, Status.AT_RISK),
        (date(2021, 1, 5), 34, Status.BEHIND),
        (date(2021, 1, 5), 0, Status.BEHIND),
        (date(2021, 1, 5), 500, Status.ON_TRACK),
        # On its last day and after it the whole target is expected.
        (END, 90, Status.ON_TRACK),
        (END, 89, Status.AT_RISK),
        (date(2021, 1, 11), 70, Status.AT_RISK),
        (date(2021, 1, 11), 69, Status.BEHIND),
        (date(2024, 1, 1), 100, Status.ON_TRACK),
    ],
)
def test_the_ratio_decides_at_the_thresholds(today, actual, expected):
    assert at(today, actual) == expected


def test_a_target_of_zero_is_met():
    assert at(date(2021, 1, 5), 0, target=0) == Status.ON_TRACK


def test_a_status_over_a_hidden_small_count_tells_nothing_of_which_it_is():
    dates = {"starts_on": START, "ends_on": END, "today": date(2021, 2, 1)}
    # Every count from 1 to 4 is behind a target of 100: the status says no more than "5 미만".
    assert status_shown(target=100, actual=3, suppressed=True, **dates).status == Status.BEHIND
    # Against a target of 4, 1 is behind and 4 on track: the status would tell which, so it is withheld.
    assert status_shown(target=4, actual=4, suppressed=True, **dates).status == Status.UNDISCLOSED
    assert status_shown(target=4, actual=4, suppressed=False, **dates).status == Status.ON_TRACK


@pytest.mark.django_db
def test_the_figure_moves_with_the_calendar(operator):
    agreement = build.agreement()
    commitment, (period,) = build.commitment(
        agreement, build.partner(agreement), Commitment.Measure.MANUAL, periods=((START, END, 100),)
    )
    period.manual_actual = 45
    period.save()
    with clock.fixed(date(2020, 12, 31)):
        assert (
            figure_for(commitment=commitment, period=period, exact=True).status.status == Status.NOT_STARTED
        )
    with clock.fixed(date(2021, 1, 5)):
        assert figure_for(commitment=commitment, period=period, exact=True).status.status == Status.ON_TRACK
    with clock.fixed(date(2021, 1, 6)):  # expected 60: 75 %
        assert figure_for(commitment=commitment, period=period, exact=True).status.label == "주의"
    with clock.fixed(date(2021, 2, 1)):  # expected 100: 45 %
        html = client_for(operator).get(agreement.get_absolute_url()).content.decode()
    assert f'data-testid="status-{period.pk}">부진<' in html


def test_the_rule_reads_as_one_paragraph_with_its_thresholds():
    text = rule.rule_text()
    assert "90%" in text and "70%" in text and "목표 × 기간 경과 비율" in text
    for label in ("목표 없음", "시작 전", "실적 미입력", "정상 추진", "주의", "부진"):
        assert f"‘{label}’" in text
