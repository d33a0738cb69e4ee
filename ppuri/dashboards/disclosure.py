"""The one disclosure layer of the dashboards: every aggregate passes `publish_value` or
`publish_table` before it leaves the server — page, chart, table, Excel, PDF, API and map tooltip.

Rules (the city's view, issue 18; the anchors are OpenSAFELY's output checks and the statistical
offices' cell suppression):

- **Threshold.** A count under its measure's threshold (core.disclosure.SMALL_COUNT, 5, unless the
  measure says otherwise) and above zero is hidden: zero is no one and is shown.
- **Dominance.** A money total over fewer than DOMINANCE_MIN contributors (companies, people) is
  hidden: with one or two payers the total is their own figure.
- **Secondary suppression.** In a table published with its row and column totals, a hidden cell must
  not be recomputable from what is shown: hidden entries (cells and totals alike) are added until
  every hidden entry lies on a cycle of hidden entries — in a two-way table with margins an entry is
  determined by the shown ones exactly when it is a bridge of the graph whose vertices are the lines
  (rows and columns, the totals' row and column included) and whose edges are the hidden entries — and
  until the hidden entries of every line add up to at least the threshold, so that no line pins a
  hidden cell to a small range either.
- **Who sees what.** Operators, who hold the rows, see every figure unsuppressed; the city, the labor
  office, companies and the public see the published ones. Suppression never changes a figure it
  leaves shown.

`tests/dashboards/test_disclosure.py` checks the second rule against an independent linear-algebra
test on random tables.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ppuri.accounts.roles import is_operator
from ppuri.core.disclosure import SMALL_COUNT

DOMINANCE_MIN = 3
LEGEND = _("5 미만 비공개")
LEGEND_MONEY = _("3개 미만 기업의 금액 비공개")


def sees_unsuppressed(user: Any) -> bool:
    """Operators run Ppuri and hold every row: they see the dashboards' figures as counted."""
    return is_operator(user)


@dataclass(frozen=True)
class Published:
    """A figure as it leaves the server: `value` is None when suppressed."""

    value: int | float | None
    suppressed: bool
    reason: str = ""  # "threshold", "dominance" or "secondary"


def _primary(value: int | float, contributors: int | None, *, threshold: int) -> str:
    if contributors is not None and 0 < contributors < DOMINANCE_MIN and value:
        return "dominance"
    if threshold and 0 < value < threshold:
        return "threshold"
    return ""


def publish_value(
    value: int | float | None,
    *,
    exact: bool,
    threshold: int = SMALL_COUNT,
    contributors: int | None = None,
) -> Published:
    """One figure on its own (no total beside it to recompute it from)."""
    if value is None:
        return Published(None, False)
    reason = "" if exact else _primary(value, contributors, threshold=threshold)
    return Published(None if reason else value, bool(reason), reason)


@dataclass
class Table:
    """A two-way table of non-negative figures with its row, column and grand totals, as published.
    `cells[i][j]`, `row_totals[i]`, `column_totals[j]` and `total` are Published."""

    cells: list[list[Published]]
    row_totals: list[Published]
    column_totals: list[Published]
    total: Published
    hidden_count: int = field(default=0)


def publish_table(
    values: Sequence[Sequence[int]],
    *,
    exact: bool,
    threshold: int = SMALL_COUNT,
    contributors: Sequence[Sequence[int]] | None = None,
    withheld: Sequence[tuple[int, int]] = (),
) -> Table:
    """The table with its margins, suppressed for a viewer who may not see it exactly. `contributors`
    (the same shape, or with the margins) marks a money table: each entry's number of contributing
    companies. `withheld`
    cells are never published (a remainder the page does not show) and count as hidden."""
    rows, columns = len(values), len(values[0]) if values else 0
    grid = _extended(values, rows, columns)
    count_grid = None
    if contributors is not None:
        # Given with its margins when they are not the sums of the cells' (distinct companies).
        extended = len(contributors) == rows + 1
        count_grid = (
            [list(line) for line in contributors] if extended else _extended(contributors, rows, columns)
        )
    reasons: dict[tuple[int, int], str] = dict.fromkeys(withheld, "withheld")
    if not exact:
        for i in range(rows + 1):
            for j in range(columns + 1):
                reason = _primary(grid[i][j], count_grid[i][j] if count_grid else None, threshold=threshold)
                if reason and (i, j) not in reasons:
                    reasons[(i, j)] = reason
        for entry in _secondary(grid, set(reasons), threshold=max(threshold, 1)):
            reasons.setdefault(entry, "secondary")

    return table_of(grid, reasons, hidden_count=len([r for r in reasons.values() if r != "withheld"]))


def table_of(grid: list[list[int]], reasons: dict[tuple[int, int], str], *, hidden_count: int) -> Table:
    """The Table of an extended grid (margins last) with each hidden entry's reason."""
    rows, columns = len(grid) - 1, len(grid[0]) - 1

    def published(i: int, j: int) -> Published:
        reason = reasons.get((i, j), "")
        return Published(None if reason else grid[i][j], bool(reason), reason)

    return Table(
        cells=[[published(i, j) for j in range(columns)] for i in range(rows)],
        row_totals=[published(i, columns) for i in range(rows)],
        column_totals=[published(rows, j) for j in range(columns)],
        total=published(rows, columns),
        hidden_count=hidden_count,
    )


def _extended(values: Sequence[Sequence[int]] | None, rows: int, columns: int) -> list[list[int]]:
    """The table with a totals column and a totals row (index `columns` and `rows`)."""
    assert values is not None
    grid = [[int(values[i][j]) for j in range(columns)] + [sum(values[i])] for i in range(rows)]
    grid.append([sum(grid[i][j] for i in range(rows)) for j in range(columns + 1)])
    return grid


def _secondary(
    grid: list[list[int]], hidden: set[tuple[int, int]], *, threshold: int
) -> set[tuple[int, int]]:
    """More entries hidden until none is determined by the shown ones and every line's hidden entries
    add up to at least the threshold. Greedy: in the offending line, the smallest shown figure above
    zero first (hiding small figures costs the reader least; a hidden zero protects little), totals
    last."""
    hidden = set(hidden)
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    while (line := _weak_line(grid, hidden, rows, columns, threshold)) is not None:
        candidates = [entry for entry in line if entry not in hidden] or [
            (i, j) for i in range(rows + 1) for j in range(columns + 1) if (i, j) not in hidden
        ]
        if not candidates:
            break
        hidden.add(min(candidates, key=lambda entry: _cost(grid, entry, rows, columns)))
    return hidden


def _cost(grid: list[list[int]], entry: tuple[int, int], rows: int, columns: int) -> tuple[bool, bool, int]:
    value = grid[entry[0]][entry[1]]
    return (entry[0] == rows or entry[1] == columns, value == 0, value)


def _lines(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """Every row and every column of the table with its margins, as lists of entries, the line's total
    last."""
    return [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)] + [
        [(i, j) for i in range(rows + 1)] for j in range(columns + 1)
    ]


def _weak_line(
    grid: list[list[int]], hidden: set[tuple[int, int]], rows: int, columns: int, threshold: int
) -> list[tuple[int, int]] | None:
    """A line to hide one more entry in: one whose total is shown and whose hidden figures add up to
    less than the threshold (the total less the shown ones would pin them to a small range), or a line
    through a hidden entry that is a bridge (determined by the rest) with an entry still shown."""
    for line in _lines(rows, columns):
        *figures, line_total = line
        gone = [entry for entry in figures if entry in hidden]
        if gone and line_total not in hidden and sum(grid[i][j] for i, j in gone) < threshold:
            return line
    for entry in sorted(hidden):
        if _is_bridge(entry, hidden):
            row = [(entry[0], j) for j in range(columns + 1)]
            column = [(i, entry[1]) for i in range(rows + 1)]
            return row if any(other not in hidden for other in row) else column
    return None


def _is_bridge(entry: tuple[int, int], hidden: set[tuple[int, int]]) -> bool:
    """Whether the hidden entry is the only path between its row and its column in the graph of hidden
    entries (rows and columns as vertices): then the shown figures determine it."""
    start, goal = ("row", entry[0]), ("column", entry[1])
    edges = hidden - {entry}
    seen = {start}
    frontier = [start]
    while frontier:
        kind, index = frontier.pop()
        for i, j in edges:
            if kind == "row" and i == index:
                nxt = ("column", j)
            elif kind == "column" and j == index:
                nxt = ("row", i)
            else:
                continue
            if nxt == goal:
                return False
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return True
