"""Retention of hires: the Kaplan–Meier estimate of the share still employed after so many days,
right-censored at today for those still employed, by group (complex, technology, incentive or not,
hiring cohort), with the number at risk.

The estimator is the textbook product-limit one (~30 lines of Python, as numpy would add nothing at
these sizes): at each day on which someone left, S *= 1 − left / at risk, where those censored on that
day still count as at risk. tests/tenure/test_retention.py checks it against statsmodels'
SurvfuncRight to 1e-9.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.disclosure import counts_shown
from ppuri.core.i18n import in_reader_language
from ppuri.tenure.models import Employment

# The points reported beside the curves, in months of tenure (a month = 365.25 / 12 days here).
REPORT_MONTHS = (3, 6, 12, 18, 24)
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Step:
    day: int  # days since the hire
    at_risk: int
    left: int
    censored: int
    survival: float  # after this day's departures


def kaplan_meier(observations: Iterable[tuple[int, bool]]) -> list[Step]:
    """(days observed, left on that day?) for each person → the steps of the estimate, one per day on
    which someone left or was censored."""
    left: Counter[int] = Counter()
    censored: Counter[int] = Counter()
    for days, event in observations:
        (left if event else censored)[days] += 1
    at_risk = sum(left.values()) + sum(censored.values())
    survival = 1.0
    steps = []
    for day in sorted(set(left) | set(censored)):
        if left[day]:
            survival *= 1.0 - left[day] / at_risk
        steps.append(
            Step(day=day, at_risk=at_risk, left=left[day], censored=censored[day], survival=survival)
        )
        at_risk -= left[day] + censored[day]
    return steps


def survival_at(steps: list[Step], day: float) -> float:
    """S(day): the estimate after the last step on or before `day` (1 before the first departure)."""
    value = 1.0
    for step in steps:
        if step.day > day:
            break
        value = step.survival
    return value


def at_risk_at(steps: list[Step], day: float) -> int:
    """How many were still followed (employed and observed) on `day`."""
    return sum(step.left + step.censored for step in steps if step.day >= day)


def observation(employment: Employment | Any, today: date) -> tuple[int, bool] | None:
    """(days, left?) of one employment seen on `today`; None for a hire that has not started yet."""
    if employment.hired_on > today:
        return None
    if employment.separated_on is not None and employment.separated_on <= today:
        return (employment.separated_on - employment.hired_on).days, True
    return (today - employment.hired_on).days, False


# --- curves by group ------------------------------------------------------------------------------------

GROUPINGS = ("complex", "technology", "incentive", "cohort", "all")


def _grouper(by: str) -> Callable[[dict[str, Any]], tuple[str, str]]:
    """A row → (group key, label in the reader's language)."""
    if by == "complex":
        return lambda row: (
            (
                row["complex__slug"],
                in_reader_language(row["complex__short_name_ko"], row["complex__short_name_en"]),
            )
            if row["complex__slug"]
            else ("none", _("개별입지"))
        )
    if by == "technology":
        return lambda row: (
            (
                row["technology__slug"],
                in_reader_language(row["technology__name_ko"], row["technology__name_en"]),
            )
            if row["technology__slug"]
            else ("none", _("기술 미상"))
        )
    if by == "incentive":
        return lambda row: (
            ("incentive", _("장려금 참여")) if row["in_programme"] else ("none", _("장려금 미참여"))
        )
    if by == "cohort":
        return lambda row: (str(row["hired_on"].year), _("%(year)s년 입사") % {"year": row["hired_on"].year})
    return lambda row: ("all", _("전체"))


def curves(
    employments: QuerySet[Employment],
    *,
    by: str,
    exact: bool,
    today: date | None = None,
    in_programme: set[int] | frozenset[int] = frozenset(),
) -> list[dict[str, Any]]:
    """One curve per group: the steps, and at each reported month the survival and the number at risk.
    Without `exact` (anyone but operators and the labor office) a count under SMALL_COUNT is None, and
    so is a rate while fewer than SMALL_COUNT are at risk; a group of fewer than SMALL_COUNT hires
    shows no curve at all. `in_programme`: the employments an incentive supports (the incentives app,
    which reads tenure, says which), for the grouping by participation."""
    if by not in GROUPINGS:
        raise ValueError(by)
    today = today or clock.today()
    rows = employments.values(
        "pk", "hired_on", "separated_on", "complex__slug", "complex__short_name_ko",
        "complex__short_name_en", "technology__slug", "technology__name_ko", "technology__name_en",
    )  # fmt: skip
    grouped: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    key_of = _grouper(by)
    for values in rows:
        row: dict[str, Any] = {**values, "in_programme": values["pk"] in in_programme}
        seen = observation(_Row(row["hired_on"], row["separated_on"]), today)
        if seen is not None:
            grouped[key_of(row)].append(seen)
    result = []
    for (key, label), observations in sorted(grouped.items()):
        steps = kaplan_meier(observations)
        points = []
        for months in REPORT_MONTHS:
            day = months * DAYS_PER_MONTH
            points.append(
                {
                    "months": months,
                    "survival": round(survival_at(steps, day), 6),
                    "at_risk": at_risk_at(steps, day),
                }
            )
        result.append(
            {
                "group": key,
                "label": label,
                "hires": len(observations),
                "left": sum(1 for _day, left in observations if left),
                "points": points,
                "steps": [
                    {"day": s.day, "survival": round(s.survival, 6), "at_risk": s.at_risk} for s in steps
                ],
            }
        )
    if not exact:
        _disclose(result)
    return result


def _hide(values: list[int | None], actual: list[int]) -> list[int | None]:
    """One column of counts across the groups, as shown (core.disclosure.counts_shown): so neither the
    total of another grouping less the shown ones, nor two hidden ones together, give a small count
    away."""
    return counts_shown(actual, exact=False, hidden=[i for i, value in enumerate(values) if value is None])


def _disclose(groups: list[dict[str, Any]]) -> None:
    """What leaves the server for those who may not see small counts (core.disclosure): no day-by-day
    steps (a step's survival and number at risk give away who left that day); hires, departures and the
    number at risk of each reported month hidden by _hide, column by column; a group whose hires are
    hidden shows nothing, and a rate is hidden wherever its number at risk is."""
    counts = [g["hires"] for g in groups]
    hires = _hide(list(counts), counts)
    for group, shown in zip(groups, hires, strict=True):
        group["hires"] = shown
        group["steps"] = []
    left = _hide(
        [None if g["hires"] is None else g["left"] for g in groups],
        [g["left"] for g in groups],
    )
    for group, shown in zip(groups, left, strict=True):
        group["left"] = shown
    for index in range(len(REPORT_MONTHS)):
        actual = [g["points"][index]["at_risk"] for g in groups]
        at_risk = _hide(
            [None if g["hires"] is None else a for g, a in zip(groups, actual, strict=True)], actual
        )
        for group, shown in zip(groups, at_risk, strict=True):
            point = group["points"][index]
            point["at_risk"] = shown
            if shown is None:
                point["survival"] = None


@dataclass(frozen=True)
class _Row:
    hired_on: date
    separated_on: date | None
