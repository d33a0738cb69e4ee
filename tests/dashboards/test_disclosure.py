"""The dashboards' disclosure layer (ppuri/dashboards/disclosure.py): thresholds, dominance and
secondary suppression, checked on random tables against an independent test — linear algebra over the
published row, column and grand totals — that no suppressed figure can be recomputed."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppuri.dashboards.disclosure import Table, publish_table, publish_value


def _entries(table: Table) -> dict[tuple[int, int], object]:
    rows, columns = len(table.row_totals), len(table.column_totals)
    entries: dict[tuple[int, int], object] = {}
    for i in range(rows):
        for j in range(columns):
            entries[(i, j)] = table.cells[i][j]
        entries[(i, columns)] = table.row_totals[i]
    for j in range(columns):
        entries[(rows, j)] = table.column_totals[j]
    entries[(rows, columns)] = table.total
    return entries


def _constraints(rows: int, columns: int) -> list[dict[tuple[int, int], int]]:
    """Every published relation: each row's and column's figures add up to its total (the totals' row
    and column included), as coefficients over the entries."""
    lines = []
    for i in range(rows + 1):
        line = {(i, j): 1 for j in range(columns)}
        line[(i, columns)] = -1
        lines.append(line)
    for j in range(columns + 1):
        line = {(i, j): 1 for i in range(rows)}
        line[(rows, j)] = -1
        lines.append(line)
    return lines


def determined(table: Table) -> list[tuple[int, int]]:
    """The suppressed entries a reader could recompute: those not free in the null space of the
    relations restricted to the suppressed entries (rank drops when the entry's column is removed)."""
    rows, columns = len(table.row_totals), len(table.column_totals)
    hidden = [entry for entry, shown in _entries(table).items() if shown.suppressed]
    if not hidden:
        return []
    matrix = np.array(
        [[line.get(entry, 0) for entry in hidden] for line in _constraints(rows, columns)], float
    )
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for k, entry in enumerate(hidden):
        without = np.delete(matrix, k, axis=1)
        if np.linalg.matrix_rank(without) < rank:
            found.append(entry)
    return found


tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(
        st.lists(st.one_of(st.integers(0, 4), st.integers(0, 60)), min_size=columns, max_size=columns),
        min_size=1,
        max_size=7,
    )
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_suppressed_cell_can_be_derived_from_the_published_totals(values):
    table = publish_table(values, exact=False)
    assert determined(table) == []
    rows, columns = len(values), len(values[0])
    entries = _entries(table)
    grid = [[*row, sum(row)] for row in values]
    grid.append([sum(grid[i][j] for i in range(rows)) for j in range(columns + 1)])
    for (i, j), shown in entries.items():
        # Small counts are hidden; what is shown is the figure as counted.
        if 0 < grid[i][j] < 5:
            assert shown.suppressed and shown.value is None
        if not shown.suppressed:
            assert shown.value == grid[i][j]
    # No published total pins its hidden figures to a small range.
    for line in _constraints(rows, columns):
        *figures, total = line
        gone = [entry for entry in figures if entries[entry].suppressed]
        if gone and not entries[total].suppressed:
            assert sum(grid[i][j] for i, j in gone) >= 5


@given(tables)
@settings(max_examples=100, deadline=None)
def test_suppression_never_changes_an_operators_figures(values):
    table = publish_table(values, exact=True)
    assert table.hidden_count == 0
    assert [[cell.value for cell in row] for row in table.cells] == [list(row) for row in values]
    assert [total.value for total in table.row_totals] == [sum(row) for row in values]
    assert table.total.value == sum(map(sum, values))


def test_the_independent_check_finds_a_lone_hidden_cell():
    """The check above is not blind: one small cell hidden alone is recomputable from its row."""
    table = publish_table([[3, 40], [20, 30]], exact=True)
    table.cells[0][0] = type(table.cells[0][0])(None, True, "threshold")
    assert determined(table) == [(0, 0)]


def test_a_small_cell_takes_a_partner_in_its_row_and_column():
    table = publish_table([[3, 40, 12], [20, 30, 9], [15, 7, 22]], exact=False)
    assert table.cells[0][0].reason == "threshold"
    hidden = {(i, j) for i in range(3) for j in range(3) if table.cells[i][j].suppressed}
    assert len({i for i, _ in hidden}) >= 2 and len({j for _, j in hidden}) >= 2
    assert table.total.value == 158 and not table.total.suppressed


def test_zero_is_shown_and_a_table_without_small_counts_is_untouched():
    table = publish_table([[0, 12], [8, 30]], exact=False)
    assert table.hidden_count == 0
    assert table.cells[0][0].value == 0


def test_money_of_fewer_than_three_companies_is_hidden_by_dominance():
    assert publish_value(1_800_000, exact=False, threshold=0, contributors=2).reason == "dominance"
    assert publish_value(1_800_000, exact=False, threshold=0, contributors=3).value == 1_800_000
    assert publish_value(1_800_000, exact=True, threshold=0, contributors=1).value == 1_800_000
    table = publish_table(
        [[900_000, 5_000_000], [7_200_000, 3_600_000]],
        exact=False,
        threshold=0,
        contributors=[[1, 4], [5, 3]],
    )
    assert table.cells[0][0].reason == "dominance"
    assert determined(table) == []


def test_a_single_figure_under_five_is_hidden_and_zero_is_not():
    assert publish_value(3, exact=False) == publish_value(None, exact=False).__class__(
        None, True, "threshold"
    )
    assert publish_value(0, exact=False).value == 0
    assert publish_value(5, exact=False).value == 5
    assert publish_value(3, exact=True).value == 3
