"""The map of the complexes without a tile server: their outlines (the base map of
reference.geography: GeoJSON with its source, one projection) drawn on the server as SVG — the page
and the PDF show the same drawing — and filled by a chosen measure, each complex's figure passed
through the disclosure layer first (a suppressed one is hatched, never coloured). Colour classes come
with their ranges in the legend and every complex carries its value as text, so nothing is told by
colour alone.

The outlines are estimates (a rectangle of the published area around an estimated centre) until the
complex boundary dataset is loaded: the map says so.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.dashboards.disclosure import Published
from ppuri.dashboards.joint import LinkedPublication, linked_publication, published_across
from ppuri.dashboards.measures import Section
from ppuri.dashboards.measures.activity import desk_section
from ppuri.dashboards.measures.people import talent_section
from ppuri.dashboards.measures.registry import registry_section
from ppuri.dashboards.scopes import Period, Scope, scopes_all
from ppuri.reference.geography import base_map

WIDTH, HEIGHT, MARGIN = 560, 380, 36
# Four classes of a sequential blue (KRDS primary scale), light to dark, with the text colour that
# reads on each.
CLASS_FILLS = (("#d8e5fd", "#1e2124"), ("#8fb3f9", "#1e2124"), ("#4c87f6", "#ffffff"), ("#0b50d0", "#ffffff"))

MAP_MEASURES: dict[str, tuple[Any, Callable[[Scope, Period], Section]]] = {
    "root_companies": (gettext_lazy("뿌리기업"), registry_section),
    "job_postings": (gettext_lazy("채용 공고"), talent_section),
    "hires": (gettext_lazy("채용(입사)"), talent_section),
    "desk_cases": (gettext_lazy("자문 사례"), desk_section),
}
DEFAULT_MEASURE = "root_companies"
# As the sections give them (a test holds them equal): the map counts no section for its unit.
MAP_UNITS = {
    "root_companies": gettext_lazy("개사"),
    "job_postings": gettext_lazy("건"),
    "hires": gettext_lazy("명"),
    "desk_cases": gettext_lazy("건"),
}


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    path: str  # the outline as an SVG path
    label_x: float
    label_y: float
    shown: Published
    text: str  # the value with its unit, or "비공개"
    fill: str
    ink: str
    url: str


@dataclass(frozen=True)
class LegendClass:
    fill: str
    text: str


@dataclass(frozen=True)
class ComplexMap:
    measure: str
    measure_label: str
    unit: str
    areas: list[Area]
    legend: list[LegendClass]
    width: int
    height: int
    scale_x: float  # the scale bar: 0 to scale_x pixels is `scale_km`
    scale_km: int
    source: str
    estimated: bool


def _classes(values: list[int | float]) -> list[int]:
    """Whole upper bounds of four equal-width classes over the shown counts (fewer when they repeat:
    small counts), the legend's "low ~ high" ranges."""
    if not values:
        return []
    top = max(values)
    if top <= 0:
        return [0]
    return sorted({math.ceil(top * (k + 1) / len(CLASS_FILLS)) for k in range(len(CLASS_FILLS))})


def _value_text(value: int | float, unit: str) -> str:
    number = intcomma(value) if isinstance(value, int) else f"{value:,.1f}"
    return f"{number} {unit}".strip()


def complex_map(
    *, exact: bool, period: Period, measure: str, linked: LinkedPublication | None = None
) -> ComplexMap:
    """`exact`: the viewer sees the figures unsuppressed (dashboards.disclosure.sees_unsuppressed);
    `linked`: the linked publication when the caller has it (a dashboard)."""
    label, section_of = MAP_MEASURES[measure]
    by_slug = {scope.slug: scope for scope in scopes_all() if scope.complex is not None}
    base = base_map(width=WIDTH, height=HEIGHT, margin=MARGIN, slugs=by_slug.keys())
    linked = linked or linked_publication(exact=exact, only={measure})
    across = published_across([(measure, section_of)], period, exact=exact, linked=linked)
    slugs = [outline.slug for outline in base.outlines]
    published = {slug: across[(slug, measure)] for slug in slugs}
    unit = str(MAP_UNITS[measure])
    bounds = _classes([p.value for p in published.values() if p.value is not None])
    areas = []
    for outline in base.outlines:
        slug = outline.slug
        shown = published[slug]
        if shown.value is None:
            fill, ink = "url(#map-hatch)", "#1e2124"
        else:
            k = next((i for i, bound in enumerate(bounds) if shown.value <= bound), len(bounds) - 1)
            fill, ink = CLASS_FILLS[max(k, 0)]
        areas.append(
            Area(
                slug=slug,
                name=by_slug[slug].title,
                path=outline.path,
                label_x=outline.label_x,
                label_y=outline.label_y,
                shown=shown,
                text=_("비공개") if shown.suppressed else _value_text(shown.value or 0, unit),
                fill=fill,
                ink=ink,
                url=reverse("dashboards:detail", args=[slug]),
            )
        )
    legend = []
    low = 0
    for (fill, _ink), bound in zip(CLASS_FILLS, bounds, strict=False):
        high = bound
        legend.append(LegendClass(fill, f"{_value_text(low, '')} ~ {_value_text(high, unit)}"))
        low = high + 1
    return ComplexMap(
        measure=measure,
        measure_label=str(label),
        unit=unit,
        areas=areas,
        legend=legend,
        width=WIDTH,
        height=HEIGHT,
        scale_x=base.scale_x,
        scale_km=base.scale_km,
        source=base.source,
        estimated=base.estimated,
    )


def incheon_map(dashboard: Any) -> ComplexMap | None:
    """The map on Incheon's dashboard (and its PDF): companies by complex over the dashboard's period."""
    if dashboard.scope.complex is not None:
        return None
    return complex_map(
        exact=dashboard.exact, period=dashboard.period, measure=DEFAULT_MEASURE, linked=dashboard.linked
    )
