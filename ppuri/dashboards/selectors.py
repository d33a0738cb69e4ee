"""A dashboard as a viewer may see it: every section's figures and tables passed through the one
disclosure layer (dashboards.disclosure) — operators see them as counted, everyone else as published.
Pages, charts, the API, the Excel and PDF reports and the map all read `dashboard_for`."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet

from ppuri.dashboards.disclosure import Published, Table, sees_unsuppressed
from ppuri.dashboards.joint import LinkedPublication, linked_publication
from ppuri.dashboards.measures import Breakdown, Figure, Section
from ppuri.dashboards.measures.activity import desk_section, sourcing_section
from ppuri.dashboards.measures.official import official_section
from ppuri.dashboards.measures.people import incentives_section, talent_section
from ppuri.dashboards.measures.registry import registry_section
from ppuri.dashboards.measures.schools_programs import graduate_section, programs_section
from ppuri.dashboards.models import ReportJob
from ppuri.dashboards.publish import PublishedBreakdown, publish_breakdown, publish_figure
from ppuri.dashboards.scopes import Period, Scope

SECTIONS: list[Callable[..., Section]] = [
    registry_section,
    sourcing_section,
    desk_section,
    talent_section,
    incentives_section,
    graduate_section,
    official_section,
]


@dataclass(frozen=True)
class PublishedFigure:
    figure: Figure
    shown: Published

    @property
    def value(self) -> int | float | None:
        return self.shown.value

    @property
    def suppressed(self) -> bool:
        return self.shown.suppressed


@dataclass(frozen=True)
class PublishedSection:
    section: Section
    figures: list[PublishedFigure]
    breakdowns: list[PublishedBreakdown]


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    period: Period
    exact: bool
    sections: list[PublishedSection]
    linked: LinkedPublication  # every scope's and period's linked counts, for the comparison and the map

    def figure(self, key: str) -> PublishedFigure:
        for section in self.sections:
            for figure in section.figures:
                if figure.figure.key == key:
                    return figure
        raise KeyError(key)

    def breakdown(self, key: str) -> PublishedBreakdown:
        for section in self.sections:
            for breakdown in section.breakdowns:
                if breakdown.breakdown.key == key:
                    return breakdown
        raise KeyError(key)


def dashboard_for(
    *, user: Any, scope: Scope, period: Period, linked: LinkedPublication | None = None
) -> Dashboard:
    """`linked`: the linked publication when the caller has it already (the comparison and the map
    share it)."""
    exact = sees_unsuppressed(user)
    linked = linked or linked_publication(exact=exact)
    sections = [build(scope, period) for build in SECTIONS]
    sections.insert(len(sections) - 1, programs_section(scope, period, user))
    published = []
    for section in sections:
        figures = [
            PublishedFigure(
                figure,
                linked.figure(figure.key, scope.slug, period) or publish_figure(figure, exact=exact),
            )
            for figure in section.figures
        ]
        hidden = {figure.figure.key for figure in figures if figure.suppressed}
        figures = [
            PublishedFigure(f.figure, Published(None, True, "secondary"))
            if f.figure.derived_from in hidden and not f.suppressed
            else f
            for f in figures
        ]
        tables = []
        for breakdown in section.breakdowns:
            table = linked.table(breakdown.key, scope.slug, period)
            labels = linked.row_labels.get(breakdown.key)
            if table is not None and labels is not None and set(breakdown.rows) <= set(labels):
                tables.append(_rows_of(table, breakdown, labels))
            else:
                tables.append(
                    publish_breakdown(breakdown, exact=exact, hide_total=breakdown.total_of in hidden)
                )
        published.append(PublishedSection(section, figures, tables))
    return Dashboard(scope=scope, period=period, exact=exact, sections=published, linked=linked)


def _rows_of(table: Table, breakdown: Breakdown, labels: tuple[str, ...]) -> PublishedBreakdown:
    """The linked table's rows this view shows: its builder's (which leaves out rows that are zero
    there — an organization whose experts took no case of the scope, another year's cohort) and every
    row with a hidden entry, which may be a zero hidden to protect another: left out, it would read 0."""
    given = dict(zip(breakdown.rows, breakdown.values, strict=True))
    keep = [
        i
        for i, label in enumerate(labels)
        if label in given or table.row_totals[i].suppressed or any(c.suppressed for c in table.cells[i])
    ]
    columns = len(breakdown.columns)
    shown = replace(
        breakdown,
        rows=[labels[i] for i in keep],
        values=[given.get(labels[i], [0] * columns) for i in keep],
    )
    return PublishedBreakdown(
        shown,
        Table(
            cells=[table.cells[i] for i in keep],
            row_totals=[table.row_totals[i] for i in keep],
            column_totals=table.column_totals,
            total=table.total,
            hidden_count=table.hidden_count,
        ),
    )


def report_jobs_visible_to(user: Any) -> QuerySet[ReportJob]:
    """A report job is its reader's alone (it may hold the unsuppressed figures of an operator)."""
    if not getattr(user, "is_authenticated", False):
        return ReportJob.objects.none()
    return ReportJob.objects.filter(user_id=user.pk)


def report_job_for(*, user: Any, session_key: str | None, pk: int) -> ReportJob | None:
    """The job if this reader asked for it: signed in, their own; a visitor, their session's."""
    if getattr(user, "is_authenticated", False):
        return report_jobs_visible_to(user).filter(pk=pk).first()
    if not session_key:
        return None
    hashed = hashlib.sha256(session_key.encode()).hexdigest()
    return ReportJob.objects.filter(pk=pk, user__isnull=True, session_hash=hashed).first()
