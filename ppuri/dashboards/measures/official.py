"""The complexes' official figures (companies, workers, area, output) as published, with their sources
and dates: the latest of each metric (reference.ComplexFact). Published figures are not suppressed."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.dashboards.measures import Figure, Kind, Section
from ppuri.dashboards.scopes import Period, Scope
from ppuri.reference.facts import sources_as_text
from ppuri.reference.models import ComplexFact

UNITS: dict[str, Any] = {
    ComplexFact.Metric.COMPANIES: gettext_lazy("개사"),
    ComplexFact.Metric.WORKERS: gettext_lazy("명"),
    ComplexFact.Metric.AREA_M2: "㎡",
    ComplexFact.Metric.OUTPUT_KRW: gettext_lazy("원"),
}


def official_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    facts = ComplexFact.objects.select_related("complex")
    if scope.complex is not None:
        facts = facts.filter(complex=scope.complex)
    latest: dict[tuple[int, str], ComplexFact] = {}
    for fact in facts.order_by("complex__order", "metric", "as_of"):
        latest[(fact.complex_id, fact.metric)] = fact  # the last as_of wins
    figures = []
    for fact in latest.values():
        label = str(fact.get_metric_display())
        if scope.complex is None:
            label = f"{fact.complex.short_name} {label}"
        unverified = "" if fact.verified else " · " + _("미확인")
        figures.append(
            Figure(
                f"official_{fact.complex.slug}_{fact.metric}",
                label,
                float(fact.value) if fact.value != int(fact.value) else int(fact.value),
                str(UNITS[fact.metric]),
                kind=Kind.OFFICIAL,
                source=f"{sources_as_text(fact.sources)} ({_('기준 시점')} {fact.as_of}){unverified}",
                note=fact.note,
            )
        )
    return Section("official", _("산업단지 공식 통계"), figures)
