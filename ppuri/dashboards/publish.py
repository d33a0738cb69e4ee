"""Publishing one figure or one table by the measure's kind and threshold (dashboards.disclosure's
rules), shared by the dashboards, the joint publication across scopes, the comparison and the map."""

from dataclasses import dataclass

from ppuri.core.disclosure import SMALL_COUNT
from ppuri.dashboards.disclosure import Published, Table, publish_table, publish_value
from ppuri.dashboards.measures import Breakdown, Figure, Kind


@dataclass(frozen=True)
class PublishedBreakdown:
    breakdown: Breakdown
    table: Table


def threshold_of(measure: Figure | Breakdown) -> int:
    return SMALL_COUNT if measure.threshold is None else measure.threshold


def publish_figure(figure: Figure, *, exact: bool) -> Published:
    """The one rule per kind for a figure on its own: counts under the threshold, rates and medians
    over fewer than the threshold, money of fewer than three companies; official (published) figures
    as published. (Counts and money shown for every complex and Incheon are published together:
    dashboards.joint.)"""
    if figure.kind == Kind.OFFICIAL:
        return publish_value(figure.value, exact=True)
    if figure.kind == Kind.MONEY:
        return publish_value(figure.value, exact=exact, threshold=0, contributors=figure.base)
    if figure.kind in (Kind.RATE, Kind.DAYS):
        # A rate over few people, or one whose numerator or its complement is a small count (1 of 6
        # employed: 16.7 % beside "6 graduates"), would give the small count away.
        counts = [figure.base or 0]
        if figure.part is not None and figure.base is not None:
            counts += [figure.part, figure.base - figure.part]
        hidden = [publish_value(count, exact=exact, threshold=threshold_of(figure)) for count in counts]
        if figure.value is None or not any(shown.suppressed for shown in hidden):
            return publish_value(figure.value, exact=True)
        return Published(None, True, "threshold")
    return publish_value(figure.value, exact=exact, threshold=threshold_of(figure))


def publish_breakdown(breakdown: Breakdown, *, exact: bool, hide_total: bool = False) -> PublishedBreakdown:
    """`hide_total`: the grand total is a figure hidden elsewhere (`Breakdown.total_of`), so the table
    withholds it too and protects its cells accordingly."""
    rows, columns = len(breakdown.values), len(breakdown.columns)
    withheld = [(rows, columns)] if hide_total and not exact else []
    if breakdown.kind == Kind.MONEY:
        table = publish_table(
            breakdown.values, exact=exact, threshold=0, contributors=breakdown.contributors, withheld=withheld
        )
    else:
        table = publish_table(
            breakdown.values, exact=exact, threshold=threshold_of(breakdown), withheld=withheld
        )
    return PublishedBreakdown(breakdown, table)
