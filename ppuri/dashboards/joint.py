"""Counts and money shown for every complex and for Incheon are published together: Incheon's figure
is (about) the complexes' figures plus those outside any complex, so a complex's hidden count could be
recomputed by subtracting the others from Incheon's — across pages, on the comparison table, on the
map. Each such measure is treated as one row (the four complexes and the remainder outside them,
which is never shown) with Incheon as its total, and core.disclosure.counts_shown hides more cells of
the row until no hidden one can be recomputed or pinned to a small range.

Rates, medians and published figures stand alone (dashboards.selectors.publish_figure); so do counts
with no threshold (public listings).
"""

from collections.abc import Callable

from ppuri.core.disclosure import SMALL_COUNT, counts_shown
from ppuri.dashboards.disclosure import DOMINANCE_MIN, Published
from ppuri.dashboards.measures import Figure, Kind, Section
from ppuri.dashboards.publish import publish_figure
from ppuri.dashboards.scopes import INCHEON, Period, scopes_all

Builder = Callable[..., Section]
JOINT_KINDS = (Kind.COUNT, Kind.MONEY)


def _joins(figure: Figure) -> bool:
    return figure.kind in JOINT_KINDS and figure.threshold != 0


def figures_by_scope(builders: list[Builder], period: Period) -> dict[str, dict[str, Figure]]:
    """Every scope's figures (tables left out), by scope slug and figure key."""
    return {
        scope.slug: {f.key: f for build in builders for f in build(scope, period, tables=False).figures}
        for scope in scopes_all()
    }


def publish_jointly(
    by_scope: dict[str, dict[str, Figure]], *, exact: bool
) -> dict[tuple[str, str], Published]:
    """The published value of every joint figure, by (scope slug, key)."""
    complexes = [slug for slug in by_scope if slug != INCHEON]
    incheon = by_scope.get(INCHEON, {})
    found: dict[tuple[str, str], Published] = {}
    for key, total_figure in incheon.items():
        if not _joins(total_figure) or not all(key in by_scope[slug] for slug in complexes):
            continue
        parts = [by_scope[slug][key] for slug in complexes]
        values = [int(f.value or 0) for f in parts]
        total = int(total_figure.value or 0)
        # The remainder outside the complexes is a cell like the others (a small one is hidden too, and
        # protected by the same rule), though no page shows it.
        row = [*values, max(total - sum(values), 0)]
        dominated: list[int] = []
        if total_figure.kind == Kind.MONEY:
            dominated = [i for i, f in enumerate(parts) if f.value and 0 < (f.base or 0) < DOMINANCE_MIN]
        shown = counts_shown(row, exact=exact, hidden=dominated)
        total_shown = publish_figure(total_figure, exact=exact)
        for index, slug in enumerate(complexes):
            value = shown[index]
            reason = "" if value is not None else _reason(row[index], index in dominated)
            found[(slug, key)] = Published(value, value is None, reason)
        found[(INCHEON, key)] = total_shown
    return found


def _reason(value: int, dominated: bool) -> str:
    if dominated:
        return "dominance"
    return "threshold" if 0 < value < SMALL_COUNT else "secondary"


def joint_published(
    builders: list[Builder], period: Period, *, exact: bool
) -> dict[tuple[str, str], Published]:
    return publish_jointly(figures_by_scope(builders, period), exact=exact)
