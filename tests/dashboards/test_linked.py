"""Counts published with every scope and year together (ppuri/dashboards/joint.py): on random cubes
— complexes and the remainder adding up to Incheon, years adding up to "all", a table with its margins
in every view — no hidden entry of any view can be recomputed from everything shown on every other
view, checked by linear algebra over the cube's cells (independent of the suppression's own rules)."""

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppuri.dashboards.joint import publish_cube
from ppuri.dashboards.measures.tallies import ALL, REMAINDER, Cube, LinkedMeasure, Tally
from ppuri.dashboards.scopes import INCHEON

DUMMY = Tally(lambda: None, "company_id", "created_at")  # type: ignore[arg-type,return-value]


def _cube(atoms: dict, parts: list[str], years: list[str], rows: int, columns: int) -> Cube:
    """Every view's table from the atoms (part, year, row, column), as the tally counts them."""
    values = {}
    for scope in [INCHEON, *parts]:
        for period in [*years, ALL]:
            values[(scope, period)] = [
                [
                    sum(
                        atoms[(p, y, i, j)]
                        for p in (parts if scope == INCHEON else [scope])
                        for y in (years if period == ALL else [period])
                    )
                    for j in range(columns)
                ]
                for i in range(rows)
            ]
    return Cube(parts, years, values, None)


def _form(scope, period, entry, parts, years, rows, columns) -> np.ndarray:
    """The published entry as a sum of atoms (a 0/1 vector over the cube's cells)."""
    i, j = entry
    keys = list(itertools.product(parts, years, range(rows), range(columns)))
    return np.array(
        [
            (p in (parts if scope == INCHEON else [scope]))
            and (y in (years if period == ALL else [period]))
            and (i == rows or a == i)
            and (j == columns or b == j)
            for p, y, a, b in keys
        ],
        float,
    )


def recomputable(published, parts, years, rows, columns) -> list:
    """Hidden entries whose sum of atoms lies in the span of the shown entries' sums."""
    shown, hidden = [], []
    for view, table in published.items():
        grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
        grid.append([*table.column_totals, table.total])
        for i, line in enumerate(grid):
            for j, entry in enumerate(line):
                form = _form(*view, (i, j), parts, years, rows, columns)
                (hidden if entry.suppressed else shown).append((view, (i, j), form))
    if not shown:
        return []
    basis = np.array([form for _v, _e, form in shown])
    # An orthonormal basis of the shown sums' span; a hidden sum inside it is recomputable.
    _u, singular, vt = np.linalg.svd(basis, full_matrices=False)
    span = vt[singular > 1e-9]
    return [
        (view, entry) for view, entry, form in hidden if np.linalg.norm(form - span.T @ (span @ form)) < 1e-6
    ]


cubes = st.tuples(
    st.integers(1, 3),  # complexes
    st.integers(1, 3),  # years
    st.integers(1, 2),  # rows
    st.integers(1, 2),  # columns
).flatmap(
    lambda shape: st.tuples(
        st.just(shape),
        st.lists(
            st.one_of(st.integers(0, 4), st.integers(0, 30)),
            min_size=(shape[0] + 1) * shape[1] * shape[2] * shape[3],
            max_size=(shape[0] + 1) * shape[1] * shape[2] * shape[3],
        ),
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cubes)
def test_no_hidden_entry_of_any_view_can_be_recomputed_from_the_others(cube_spec):
    (complexes, year_count, rows, columns), numbers = cube_spec
    parts = [f"c{k}" for k in range(complexes)] + [REMAINDER]
    years = [str(2020 + k) for k in range(year_count)]
    atoms = dict(zip(itertools.product(parts, years, range(rows), range(columns)), numbers, strict=True))
    measure = LinkedMeasure("m", DUMMY, rows=rows, columns=columns)
    published = publish_cube(_cube(atoms, parts, years, rows, columns), measure, exact=False)
    assert recomputable(published, parts, years, rows, columns) == []
    for (scope, period), table in published.items():
        for i in range(rows):
            for j in range(columns):
                counted = _cube(atoms, parts, years, rows, columns).values[(scope, period)][i][j]
                shown = table.cells[i][j]
                assert shown.value in (None, counted)
                if 0 < counted < 5:
                    assert shown.suppressed


def test_the_audit_is_not_blind():
    """A year hidden alone, with "all" and the other year shown, is found recomputable."""
    parts, years = [REMAINDER], ["2020", "2021"]
    atoms = {(REMAINDER, "2020", 0, 0): 3, (REMAINDER, "2021", 0, 0): 40}
    measure = LinkedMeasure("m", DUMMY)
    published = publish_cube(_cube(atoms, parts, years, 1, 1), measure, exact=True)
    from ppuri.dashboards.disclosure import Published, Table

    def hide(table: Table) -> Table:
        gone = Published(None, True, "threshold")
        return Table([[gone]], [gone], [gone], gone)

    for scope in (INCHEON, REMAINDER):
        published[(scope, "2020")] = hide(published[(scope, "2020")])
    assert recomputable(published, parts, years, 1, 1) != []


def test_operators_see_every_view_as_counted():
    parts, years = ["c0", REMAINDER], ["2020", "2021"]
    atoms = {key: n for n, key in enumerate(itertools.product(parts, years, range(1), range(1)))}
    measure = LinkedMeasure("m", DUMMY)
    published = publish_cube(_cube(atoms, parts, years, 1, 1), measure, exact=True)
    assert published[(INCHEON, ALL)].total.value == sum(atoms.values())
    assert not any(table.total.suppressed for table in published.values())
