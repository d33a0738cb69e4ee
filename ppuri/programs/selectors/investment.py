"""Reads of the investment pipeline: one lead for its staff, the pipeline's figures by stage and the
leads whose next step is overdue. The pipeline is the programme staff's alone (visibility.leads_visible_to):
a company, a seeker, an expert or an anonymous visitor never reaches a lead, not even its code name."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ppuri.accounts.roles import refuse_unless, runs_programs
from ppuri.core import clock
from ppuri.core.i18n import in_reader_language, reads_english
from ppuri.core.text import english_won, korean_count, korean_won
from ppuri.programs.models import Lead, LeadStageChange
from ppuri.programs.selectors.visibility import lead_changes_visible_to, leads_visible_to


def require_pipeline_reader(user: Any) -> None:
    refuse_unless(
        runs_programs(user),
        _("투자 유치 대상은 운영기관과 인천시(경제자유구역청) 담당자만 볼 수 있습니다."),
    )


def lead_get_for_user(*, user: Any, pk: int) -> Lead:
    """A lead for the pipeline's staff (403 for everyone else, who may not know the pipeline's rows)."""
    require_pipeline_reader(user)
    return get_object_or_404(
        leads_visible_to(user).select_related("complex", "organization", "officer"), pk=pk
    )


def lead_history(*, user: Any, lead: Lead) -> QuerySet[LeadStageChange]:
    return lead_changes_visible_to(user).filter(lead=lead).select_related("changed_by")


def lead_summary(lead: Lead) -> str:
    """The summary an English reader (a foreign investor's officer) reads in English where written."""
    return in_reader_language(lead.summary, lead.summary_en)


def krw_text(amount: int | None) -> str:
    if amount is None:
        return "—"
    return english_won(amount) if reads_english() else korean_won(amount)


def usd_text(amount: int | None) -> str:
    if amount is None:
        return "—"
    return f"USD {amount:,}" if reads_english() else f"{korean_count(amount)} 달러"


@dataclass
class StageFigures:
    """One stage's leads, expected investment and jobs (totals leave out leads without a figure)."""

    stage: str
    label: str
    count: int = 0
    investment_usd: int = 0
    investment_krw: int = 0
    jobs: int = 0

    @property
    def usd_text(self) -> str:
        return usd_text(self.investment_usd)

    @property
    def krw_text(self) -> str:
        return krw_text(self.investment_krw)

    def add(self, other: "StageFigures") -> None:
        self.count += other.count
        self.investment_usd += other.investment_usd
        self.investment_krw += other.investment_krw
        self.jobs += other.jobs


@dataclass
class Pipeline:
    stages: list[StageFigures]
    # The open stages (lead to MOU) together: what is still to be won.
    open_total: StageFigures
    stale: list[Lead] = field(default_factory=list)


def pipeline_figures(*, user: Any) -> list[StageFigures]:
    """Every stage in order, with its count and sums, zero where there is no lead."""
    rows: dict[str, dict[str, Any]] = {
        row["stage"]: dict(row)
        for row in leads_visible_to(user)
        .values("stage")
        .annotate(n=Count("pk"), usd=Sum("investment_usd"), krw=Sum("investment_krw"), people=Sum("jobs"))
        .order_by()
    }
    figures = []
    for value, label in Lead.Stage.choices:
        row = rows.get(value, {})
        figures.append(
            StageFigures(
                stage=value,
                label=str(label),
                count=row.get("n") or 0,
                investment_usd=row.get("usd") or 0,
                investment_krw=row.get("krw") or 0,
                jobs=row.get("people") or 0,
            )
        )
    return figures


def leads_stale(*, user: Any, today: date | None = None) -> QuerySet[Lead]:
    """Open leads whose next step's date has passed: the officer owes them a call."""
    return (
        leads_visible_to(user)
        .filter(stage__in=Lead.OPEN_STAGES, next_step_on__lt=today or clock.today())
        .select_related("officer")
        .order_by("next_step_on", "pk")
    )


def pipeline(*, user: Any) -> Pipeline:
    require_pipeline_reader(user)
    stages = pipeline_figures(user=user)
    open_total = StageFigures(stage="open", label=_("진행 중 합계"))
    for figures in stages:
        if figures.stage in Lead.OPEN_STAGES:
            open_total.add(figures)
    return Pipeline(stages=stages, open_total=open_total, stale=list(leads_stale(user=user)))


@dataclass
class LeadRow:
    """A lead as the pipeline's board lists it: by code name, never by the investor's name."""

    lead: Lead
    usd: str
    krw: str
    overdue: bool


def leads_by_stage(*, user: Any) -> list[tuple[StageFigures, list[LeadRow]]]:
    """The pipeline's board: each stage with its leads, most recently changed first."""
    require_pipeline_reader(user)
    today = clock.today()
    rows: dict[str, list[LeadRow]] = {}
    for lead in leads_visible_to(user).select_related("officer", "complex", "organization"):
        overdue = (
            lead.stage in Lead.OPEN_STAGES and lead.next_step_on is not None and lead.next_step_on < today
        )
        rows.setdefault(lead.stage, []).append(
            LeadRow(
                lead=lead,
                usd=usd_text(lead.investment_usd),
                krw=krw_text(lead.investment_krw),
                overdue=overdue,
            )
        )
    return [(figures, rows.get(figures.stage, [])) for figures in pipeline_figures(user=user)]
