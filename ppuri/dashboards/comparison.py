"""A complex beside the others and Incheon as a whole (the ONS "compare with similar areas" view): a
few measures per scope, each published by the one disclosure rule, read by the complex dashboards and
their reports."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from ppuri.dashboards.disclosure import Published
from ppuri.dashboards.joint import LinkedPublication, published_across
from ppuri.dashboards.measures import Section
from ppuri.dashboards.measures.activity import desk_section, sourcing_section
from ppuri.dashboards.measures.people import talent_section
from ppuri.dashboards.measures.registry import registry_section
from ppuri.dashboards.scopes import Period, Scope, scopes_all

COMPARED: list[tuple[str, Any, Callable[[Scope, Period], Section]]] = [
    ("root_companies", gettext_lazy("뿌리기업"), registry_section),
    ("sourcing_requests", gettext_lazy("소싱 요청"), sourcing_section),
    ("desk_cases", gettext_lazy("자문 사례"), desk_section),
    ("job_postings", gettext_lazy("채용 공고"), talent_section),
    ("hires", gettext_lazy("채용(입사)"), talent_section),
    ("retention_12m", gettext_lazy("12개월 고용 유지율"), talent_section),
]


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    unit: str
    values: list[Published]  # one per scope, in `Comparison.scopes` order


@dataclass(frozen=True)
class Comparison:
    scopes: list[Scope]
    current: str
    rows: list[ComparisonRow]


def comparison_for(
    *, exact: bool, scope: Scope, period: Period, linked: LinkedPublication, units: dict[str, str]
) -> Comparison:
    """This complex first, then the other complexes, then Incheon; counts as published with every
    scope and year (dashboards.joint), so the row cannot be subtracted to a hidden figure."""
    everyone = scopes_all()
    ordered = [scope] + [s for s in everyone if s.complex is not None and s.slug != scope.slug]
    ordered += [s for s in everyone if s.complex is None]
    shown = published_across(
        [(key, section_of) for key, _label, section_of in COMPARED], period, exact=exact, linked=linked
    )
    rows = [
        ComparisonRow(key, str(label), units[key], [shown[(each.slug, key)] for each in ordered])
        for key, label, _section_of in COMPARED
    ]
    return Comparison(scopes=ordered, current=scope.slug, rows=rows)


def complex_comparison(dashboard: Any) -> Comparison | None:
    """The comparison on a complex's dashboard (and its PDF); Incheon's has the map instead."""
    if dashboard.scope.complex is None:
        return None
    units = {key: dashboard.figure(key).figure.unit for key, _label, _section_of in COMPARED}
    return comparison_for(
        exact=dashboard.exact,
        scope=dashboard.scope,
        period=dashboard.period,
        linked=dashboard.linked,
        units=units,
    )
