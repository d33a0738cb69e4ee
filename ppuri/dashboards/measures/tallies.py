"""Counts and money totals as sets of records, defined once: the section builders count a tally's
records for one scope and period (`Tally.within`), and the linked publication (dashboards.joint) reads
every record's company and day at once (`Tally.cube`) to count it for every scope and every year in one
query — so what a dashboard shows and what its disclosure is decided on are the same records.

A record counts for Incheon, for every complex one of its company's sites is in, and otherwise for the
part of Incheon outside the complexes (REMAINDER, which no page shows); for the year of its day, and
for "all" when that day has come (scopes.Period).
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ppuri.core import clock
from ppuri.dashboards.scopes import FIRST_YEAR, INCHEON, Period, Scope
from ppuri.registry.models import Site

REMAINDER = "_outside"  # Incheon outside the four complexes: a part of every total, never a page
ALL = "all"

View = tuple[str, str]  # (scope slug or REMAINDER, period key)
Entry = tuple[int, int]


@dataclass(frozen=True)
class Tally:
    """The records behind one count or money total.

    `company`: the path to the organization a record belongs to ("" for records of no company, counted
    for Incheon only); `moment`: the date or date-time field that places it in a period (`dated` for a
    DateField; `yearly` for an integer year such as a cohort's); `amount`: for money, the field added
    up; `distinct`: count distinct values of this field instead of records; `entry`: the fields that
    place a record in a table's cell (see LinkedMeasure.place)."""

    records: Callable[[], QuerySet[Any]]
    company: str
    moment: str
    dated: bool = False
    yearly: bool = False
    amount: str = ""
    distinct: str = ""
    entry: tuple[str, ...] = ()

    def within(self, scope: Scope, period: Period) -> QuerySet[Any]:
        """The records of the scope and period (what a section builder counts)."""
        records = self.records()
        if self.company:
            records = records.filter(scope.of_companies(self.company))
        if self.yearly:
            return records.filter(**{self.moment: period.year}) if period.year else records
        return records.filter(period.days(self.moment) if self.dated else period.moments(self.moment))


@dataclass(frozen=True)
class LinkedMeasure:
    """A count or money total published for every scope and year together: a figure (one cell) or a
    table (rows × columns, a record placed by `place` from its `Tally.entry` fields). `figures` names
    the dashboard figures that repeat an entry of the table with its margins (`None`: the grand
    total)."""

    key: str
    tally: Tally
    money: bool = False
    rows: int = 1
    columns: int = 1
    place: Callable[[Sequence[Any]], Entry | None] = lambda _fields: (0, 0)
    figures: tuple[tuple[str, Entry | None], ...] = ()
    threshold: int | None = None
    # A table's row labels, as its Breakdown names them: a view shows only the rows its builder gives
    # (the others are zero there).
    row_labels: tuple[str, ...] = ()


@dataclass
class Cube:
    """A measure counted for every view: `values[view][i][j]`, and for money the companies behind
    each entry (`contributors`, distinct per view and entry, margins included)."""

    parts: list[str]  # the scopes that add up to Incheon (complexes and REMAINDER); [] if none
    years: list[str]
    values: dict[View, list[list[int]]]
    # With the margins (rows + 1 × columns + 1).
    contributors: dict[View, list[list[int]]] | None


def complexes_of_companies() -> dict[int, list[str]]:
    """Each company with a site in a complex → the complexes' slugs (one query for all)."""
    found: dict[int, list[str]] = defaultdict(list)
    for organization, slug in (
        Site.objects.filter(complex__isnull=False)
        .values_list("organization_id", "complex__slug")
        .distinct()
        .order_by()
    ):
        found[organization].append(slug)
    return found


def _day(moment: Any, yearly: bool) -> tuple[int, bool]:
    """The record's year and whether its day has come ("all" counts to today)."""
    if yearly:
        return int(moment), True
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    assert isinstance(moment, date)
    return moment.year, moment <= clock.today()


def cube(measure: LinkedMeasure, complexes: list[str], membership: dict[int, list[str]]) -> Cube:
    """One query over the measure's records, counted into every (scope, period) view."""
    tally = measure.tally
    this_year = clock.today().year
    years = [str(year) for year in range(FIRST_YEAR, this_year + 1)]
    parts = [*complexes, REMAINDER] if tally.company else []
    fields = [tally.company or "pk", tally.moment, tally.amount or "pk", tally.distinct or "pk", *tally.entry]
    sums: dict[tuple[View, Entry], int] = defaultdict(int)
    distinct: dict[tuple[View, Entry], set[Any]] = defaultdict(set)
    payers: dict[tuple[View, Entry], set[int]] = defaultdict(set)
    for company, moment, amount, key, *entry_fields in tally.records().values_list(*fields).order_by():
        if moment is None:
            continue
        entry = measure.place(entry_fields)
        if entry is None:
            continue
        year, come = _day(moment, tally.yearly)
        periods = ([str(year)] if FIRST_YEAR <= year <= this_year else []) + ([ALL] if come else [])
        scopes = [INCHEON]
        if tally.company:
            scopes += membership.get(company, [REMAINDER])
        for scope in scopes:
            for period in periods:
                cell = ((scope, period), entry)
                if tally.distinct:
                    distinct[cell].add(key)
                else:
                    sums[cell] += int(amount) if tally.amount else 1
                if measure.money:
                    # Companies behind every entry, margins included: a margin's are not the sum of its
                    # cells' (one company paid in two years is one company in "all").
                    for at in _with_margins(entry, measure):
                        payers[((scope, period), at)].add(company)
    views = [(scope, period) for scope in [INCHEON, *parts] for period in [*years, ALL]]
    values = {
        view: [
            [
                len(distinct[(view, (i, j))]) if tally.distinct else sums[(view, (i, j))]
                for j in range(measure.columns)
            ]
            for i in range(measure.rows)
        ]
        for view in views
    }
    contributors = None
    if measure.money:
        contributors = {
            view: [
                [len(payers[(view, (i, j))]) for j in range(measure.columns + 1)]
                for i in range(measure.rows + 1)
            ]
            for view in views
        }
    return Cube(parts, years, values, contributors)


def _with_margins(entry: Entry, measure: LinkedMeasure) -> list[Entry]:
    i, j = entry
    return [entry, (i, measure.columns), (measure.rows, j), (measure.rows, measure.columns)]
