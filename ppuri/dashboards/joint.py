"""Counts and money published for every scope and every period together (linked tables).

A dashboard shows a measure for one scope and one period, but every other (scope, period) is a click
away, and they add up: Incheon is the four complexes plus the part outside them (which no page shows),
and "all" is the years. A figure hidden on one page could be recomputed from others — a complex's as
Incheon less the other complexes, a year's as "all" less the other years, a table's cell from the same
cell of the other complexes' tables. So each linked measure (measures.linked) is counted into a cube,
scope × period × cell (measures.tallies.cube, one query), and suppressed as a whole until it is
consistent:

- every view (one scope, one period) is a table with its margins and passes dashboards.disclosure's
  rules (threshold, dominance with the companies behind each entry, secondary suppression);
- every entry of the table, across the scopes and the years, is a table too — the complexes and the
  remainder as rows with Incheon as their total, the years as columns with "all" as their total — and
  passes the same rules;
- what either hides is hidden in the other, until nothing more is hidden.

Figures that are not counts or money (rates, medians) and counts with no threshold (public listings)
stand alone (dashboards.publish).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ppuri.core.disclosure import SMALL_COUNT
from ppuri.dashboards.disclosure import Published, Table, publish_table, table_of
from ppuri.dashboards.measures import Section
from ppuri.dashboards.measures.linked import linked_measures
from ppuri.dashboards.measures.tallies import (
    ALL,
    Cube,
    Entry,
    LinkedMeasure,
    View,
    complexes_of_companies,
    cube,
)
from ppuri.dashboards.publish import publish_figure
from ppuri.dashboards.scopes import INCHEON, Period, scopes_all

Builder = Callable[..., Section]
Point = tuple[str, str, int, int]  # an entry of a view: scope, period, row, column


def published_across(
    measures: list[tuple[str, Builder]], period: Period, *, exact: bool, linked: "LinkedPublication"
) -> dict[tuple[str, str], Published]:
    """The figures `measures` names (key, the section builder that counts it) for every scope, by (scope
    slug, key): the linked ones as linked; the others (rates, public listings) counted per scope and
    published alone."""
    found: dict[tuple[str, str], Published] = {}
    builders: dict[Builder, list[str]] = {}
    for key, build in measures:
        if (key, (INCHEON, period.key)) not in linked.figures:
            builders.setdefault(build, []).append(key)
    for scope in scopes_all():
        for key, _build in measures:
            if (shown := linked.figure(key, scope.slug, period)) is not None:
                found[(scope.slug, key)] = shown
        for build, keys in builders.items():
            for figure in build(scope, period, tables=False).figures:
                if figure.key in keys:
                    found[(scope.slug, figure.key)] = publish_figure(figure, exact=exact)
    return found


@dataclass(frozen=True)
class LinkedPublication:
    """Every linked measure as published, for every view."""

    tables: dict[tuple[str, View], Table]  # (measure key, view)
    figures: dict[tuple[str, View], Published]  # (figure key, view)
    row_labels: dict[str, tuple[str, ...]]  # a table's rows, by measure key

    def figure(self, key: str, scope: str, period: Period) -> Published | None:
        return self.figures.get((key, (scope, period.key)))

    def table(self, key: str, scope: str, period: Period) -> Table | None:
        return self.tables.get((key, (scope, period.key)))


def linked_publication(*, exact: bool, only: set[str] | None = None) -> LinkedPublication:
    """Every linked measure counted (one query each) and published for every scope and period; only
    those behind the figures `only` names when given (the map shows one)."""
    tables: dict[tuple[str, View], Table] = {}
    figures: dict[tuple[str, View], Published] = {}
    measures = [
        measure
        for measure in linked_measures()
        if only is None or any(key in only for key, _entry in measure.figures)
    ]
    if not measures:
        return LinkedPublication({}, {}, {})
    complexes = [scope.slug for scope in scopes_all() if scope.complex is not None]
    membership = complexes_of_companies()
    for measure in measures:
        if not measure.rows:
            continue  # a table with no rows yet (no cohort): nothing to publish
        counted = cube(measure, complexes, membership)
        for view, table in publish_cube(counted, measure, exact=exact).items():
            tables[(measure.key, view)] = table
            for key, entry in measure.figures:
                figures[(key, view)] = _at(table, entry)
    return LinkedPublication(tables, figures, {m.key: m.row_labels for m in measures if m.row_labels})


def publish_cube(counted: Cube, measure: LinkedMeasure, *, exact: bool) -> dict[View, Table]:
    """Each view's table, suppressed together with every other view's (the module's rules)."""
    threshold = 0 if measure.money else (SMALL_COUNT if measure.threshold is None else measure.threshold)
    hidden: dict[View, dict[Entry, str]] = {view: {} for view in counted.values}
    grids = {view: _extended(values) for view, values in counted.values.items()}
    if not exact:
        changed = True
        while changed:
            while _hide_in_views(counted, hidden, threshold) | _hide_across(
                counted, grids, hidden, threshold
            ):
                pass
            # The rules above look at one face at a time (a view, or one entry across scopes and
            # years); a table has more dimensions than two, where they can leave a hidden entry that all
            # the faces together determine. The audit finds those and hides more.
            changed = measure.rows * measure.columns > 1 and _audit(counted, grids, hidden)
    return {view: _table(grids[view], hidden[view]) for view in counted.values}


def _hide_in_views(counted: Cube, hidden: dict[View, dict[Entry, str]], threshold: int) -> bool:
    changed = False
    for view, values in counted.values.items():
        contributors = counted.contributors[view] if counted.contributors else None
        table = publish_table(
            values, exact=False, threshold=threshold, contributors=contributors, withheld=list(hidden[view])
        )
        for entry, shown in _entries(table).items():
            if shown.suppressed and entry not in hidden[view]:
                hidden[view][entry] = shown.reason
                changed = True
    return changed


def _hide_across(
    counted: Cube, grids: dict[View, list[list[int]]], hidden: dict[View, dict[Entry, str]], threshold: int
) -> bool:
    """Each entry as a table of scopes × years (Incheon and "all" its totals), secondary only: the
    small ones were hidden in their views, with their real totals (a company with sites in two complexes
    counts in both, so Incheon is not always their sum)."""
    rows = counted.parts or [INCHEON]
    total_row = INCHEON
    columns = counted.years
    some_view = next(iter(grids.values()))
    changed = False
    for i in range(len(some_view)):
        for j in range(len(some_view[0])):
            values = [[grids[(scope, year)][i][j] for year in columns] for scope in rows]
            views = {
                (r, c): (scope, year)
                for r, scope in enumerate([*rows, total_row])
                for c, year in enumerate([*columns, ALL])
            }
            withheld = [at for at, view in views.items() if (i, j) in hidden[view]]
            table = publish_table(values, exact=False, threshold=max(threshold, 1), withheld=withheld)
            for at, shown in _entries(table).items():
                view = views[at]
                if shown.suppressed and (i, j) not in hidden[view]:
                    hidden[view][(i, j)] = "secondary"
                    changed = True
    return changed


def _audit(counted: Cube, grids: dict[View, list[list[int]]], hidden: dict[View, dict[Entry, str]]) -> bool:
    """Hide one more entry for each hidden entry the published relations determine; whether any was.

    The published entries form one table with margins in every dimension (scope, period, row,
    column): along each dimension the entries add up to their total (Incheon, "all", the row and column
    totals). A hidden entry is determined exactly when its unit vector lies in the row space of those
    relations restricted to the hidden entries, that is when every vector of their null space is zero
    there."""
    scopes = [*counted.parts, INCHEON] if counted.parts else [INCHEON]
    periods = [*counted.years, ALL]
    some = next(iter(grids.values()))
    rows, columns = len(some), len(some[0])
    axes: list[list[Any]] = [scopes, periods, list(range(rows)), list(range(columns))]
    gone = [
        (scope, period, i, j) for scope in scopes for period in periods for (i, j) in hidden[(scope, period)]
    ]
    if not gone:
        return False
    index = {point: k for k, point in enumerate(gone)}
    lines: list[list[Point]] = []
    for axis, values in enumerate(axes):
        if len(values) < 2:
            continue
        others = [range(len(a)) for n, a in enumerate(axes) if n != axis]
        for fixed in np.ndindex(*[len(o) for o in others]):
            line: list[Point] = []
            for position in range(len(values)):
                coordinates = list(fixed)
                coordinates.insert(axis, position)
                scope, period, i, j = (a[c] for a, c in zip(axes, coordinates, strict=True))
                line.append((scope, period, i, j))
            if any(point in index for point in line):
                lines.append(line)
    matrix = np.zeros((len(lines), len(gone)))
    for r, line in enumerate(lines):
        *parts, total = line
        for point in parts:
            if point in index:
                matrix[r, index[point]] = 1
        if total in index:
            matrix[r, index[total]] = -1
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    determined = [point for k, point in enumerate(gone) if not np.any(np.abs(null_space[:, k]) > 1e-9)]
    more = False
    for point in determined:
        opened = _line_to_open(point, lines, hidden)
        if opened is None:
            continue
        value_of = {p: grids[(p[0], p[1])][p[2]][p[3]] for p in opened}
        last = opened[-1]
        choice = min(
            (p for p in opened if (p[2], p[3]) not in hidden[(p[0], p[1])]),
            key=lambda p: (p == last, value_of[p] == 0, value_of[p]),
        )
        hidden[(choice[0], choice[1])][(choice[2], choice[3])] = "secondary"
        more = True
    return more


def _line_to_open(
    point: Point, lines: list[list[Point]], hidden: dict[View, dict[Entry, str]]
) -> list[Point] | None:
    """A relation through the determined entry with an entry still shown."""
    for line in lines:
        if point in line and any((p[2], p[3]) not in hidden[(p[0], p[1])] for p in line):
            return list(line)
    return None


def _extended(values: list[list[int]]) -> list[list[int]]:
    grid = [[*line, sum(line)] for line in values]
    grid.append([sum(line[j] for line in grid) for j in range(len(grid[0]))])
    return grid


def _entries(table: Table) -> dict[Entry, Published]:
    rows, columns = len(table.row_totals), len(table.column_totals)
    found: dict[Entry, Published] = {}
    for i in range(rows):
        for j in range(columns):
            found[(i, j)] = table.cells[i][j]
        found[(i, columns)] = table.row_totals[i]
    for j in range(columns):
        found[(rows, j)] = table.column_totals[j]
    found[(rows, columns)] = table.total
    return found


def _table(grid: list[list[int]], hidden: dict[Entry, str]) -> Table:
    # "withheld" is how publish_table names an entry hidden before it was called.
    reasons = {entry: "secondary" if r == "withheld" else r for entry, r in hidden.items()}
    return table_of(grid, reasons, hidden_count=len(hidden))


def _at(table: Table, entry: Entry | None) -> Published:
    if entry is None:
        return table.total
    return _entries(table)[entry]
