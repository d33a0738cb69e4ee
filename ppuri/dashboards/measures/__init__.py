"""The dashboards' measures as counted, before disclosure: each section module reads its app's
records (through that app's selectors where they exist) and returns Figures and Breakdowns. Nothing
here decides what a viewer sees: `dashboards.selectors` passes every figure through
`dashboards.disclosure` first.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


class Kind:
    COUNT = "count"  # people, companies, cases: hidden under the threshold
    MONEY = "money"  # KRW: hidden when fewer than DOMINANCE_MIN companies pay or receive it
    RATE = "rate"  # a percentage: hidden when the count it is over (`base`) is under the threshold
    DAYS = "days"  # a median duration: hidden like a rate
    OFFICIAL = "official"  # a published figure, shown as published


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    unit: str
    kind: str = Kind.COUNT
    source: str = ""
    base: int | None = None  # the count a rate or a median is over; companies behind a money total
    part: int | None = None  # a rate's numerator: the count of `base` it is the share of
    note: str = ""  # what the figure counts, in a sentence (under the table)
    # The measure's small-count threshold: None for the default (core.disclosure.SMALL_COUNT); 0 for
    # counts of what is public anyway (the directory lists every public company, per complex).
    threshold: int | None = None
    # A figure computed from another (a share of a total against a published budget): hidden whenever
    # that one is, or the shown one would give the hidden one back.
    derived_from: str = ""


@dataclass(frozen=True)
class Breakdown:
    """A two-way table of counts (or money) with its totals."""

    key: str
    title: str
    row_label: str
    column_label: str
    rows: list[str]
    columns: list[str]
    values: list[list[int]]
    unit: str
    kind: str = Kind.COUNT
    contributors: list[list[int]] | None = None
    source: str = ""
    threshold: int | None = None  # as Figure.threshold
    # The figure of the same section whose value is this table's grand total: hidden with it.
    total_of: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)


def percent(part: int, whole: int) -> float | None:
    """part ÷ whole in percent, one decimal half up (None over nothing)."""
    if not whole:
        return None
    return float((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def median_days(durations: list[float]) -> float | None:
    """The median of durations in days, one decimal (the lower middle of an even count is not taken:
    the mean of the two middles, as statistics.median)."""
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 1)
