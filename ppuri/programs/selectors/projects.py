"""Projects as each viewer may read them: one way to fetch a project (404 when the viewer may not know
it, 403 when they may read but not edit), and `project_view_for`, which decides what a viewer sees of
it — everyone who may see the project its summary, budget totals, milestones, outputs and public
documents; the programme's staff also its budget lines, their change history and every document — so
the page and the API never decide it themselves."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.http import Http404

from ppuri.accounts.roles import runs_programs
from ppuri.core import clock
from ppuri.core.i18n import in_reader_language
from ppuri.programs.models import BudgetChange, BudgetLine, Document, Milestone, Output, Project, SubProject
from ppuri.programs.selectors import visibility
from ppuri.programs.selectors.budgets import (
    BudgetTotals,
    ProjectBudget,
    line_totals,
    percent,
    project_budget,
    projects_with_totals,
    totals_from,
)


def project_get_for_user(*, user: Any, pk: int) -> Project:
    project = visibility.projects_visible_to(user).select_related("complex").filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def project_get_for_edit(*, user: Any, pk: int) -> Project:
    project = project_get_for_user(user=user, pk=pk)
    if not runs_programs(user):
        raise PermissionDenied
    return project


def has_budget(project: Project) -> bool:
    """A designation bid is a milestone plan with its documents: it has no budget lines."""
    return project.kind != Project.Kind.DESIGNATION


def milestone_delay_days(milestone: Milestone, *, today: date) -> int | None:
    """Days late (+) or early (−): the actual date against the planned one; for a step still pending
    past its planned date, today against it; None while a pending step is not yet due."""
    if milestone.actual_on is not None:
        return (milestone.actual_on - milestone.planned_on).days
    if milestone.outcome == Milestone.Outcome.PENDING and today > milestone.planned_on:
        return (today - milestone.planned_on).days
    return None


def output_achievement(output: Output) -> Decimal | None:
    """The actual against the target, in per cent (one decimal); None for a target of 0."""
    return percent(output.actual, output.target)


# --- lists ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    title: str
    totals: BudgetTotals | None  # None for a project without a budget (a designation bid)


def project_rows(*, user: Any) -> list[ProjectRow]:
    """The projects this viewer may see with their budget totals: one query."""
    projects = projects_with_totals(visibility.projects_visible_to(user).select_related("complex"))
    return [
        ProjectRow(
            project=p,
            title=in_reader_language(p.title, p.title_en),
            totals=totals_from(p) if has_budget(p) else None,
        )
        for p in projects[:500]
    ]


# --- one project ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    title: str
    subproject: str
    delay_days: int | None
    documents: list[Document]

    @property
    def overdue(self) -> bool:
        """Still pending past its planned date."""
        return self.milestone.outcome == Milestone.Outcome.PENDING and (self.delay_days or 0) > 0


@dataclass(frozen=True)
class OutputRow:
    output: Output
    subproject: str
    indicator: str
    achievement: Decimal | None


@dataclass(frozen=True)
class LineRow:
    line: BudgetLine
    subproject: str
    totals: BudgetTotals


@dataclass(frozen=True)
class ChangeRow:
    """One change of the history as the page shows it: the figure's name, its values formatted."""

    change: BudgetChange
    field: str
    old_value: str
    new_value: str


def _change_labels() -> dict[str, str]:
    """The changed figures' names as their models label them (편성액(원), 계획일 …)."""
    fields: list[tuple[type[models.Model], str]] = [(BudgetLine, name) for name in BudgetLine.PHASES]
    fields += [(Project, "announced_budget"), (Milestone, "planned_on")]
    return {name: str(getattr(model._meta.get_field(name), "verbose_name", name)) for model, name in fields}


def _shown_value(field_name: str, value: str) -> str:
    if not value:
        return "—"
    if field_name in BudgetLine.PHASES or field_name == "announced_budget":
        return f"{int(value):,}" if value.lstrip("-").isdigit() else value
    return value


def change_rows(changes: list[BudgetChange]) -> list[ChangeRow]:
    labels = _change_labels()
    return [
        ChangeRow(
            change=c,
            field=labels.get(c.field, c.field),
            old_value=_shown_value(c.field, c.old_value),
            new_value=_shown_value(c.field, c.new_value),
        )
        for c in changes
    ]


@dataclass(frozen=True)
class ProjectView:
    project: Project
    title: str
    summary: str
    staff: bool
    subprojects: list[SubProject]
    budget: ProjectBudget | None
    milestones: list[MilestoneRow]
    outputs: list[OutputRow]
    documents: list[Document]  # those not tied to a milestone (the others show beside their step)
    # The staff's alone (None for everyone else): lines with their edit forms, the change history.
    lines: list[LineRow] | None = None
    changes: list[ChangeRow] | None = None

    @property
    def has_step_documents(self) -> bool:
        return any(row.documents for row in self.milestones)


def project_view_for(*, user: Any, project: Project, today: date | None = None) -> ProjectView:
    """What this viewer sees of a project they may see (fetched by project_get_for_user): a fixed
    number of queries whatever the number of lines, milestones, outputs and documents."""
    staff = runs_programs(user)
    today = today or clock.today()
    subprojects = list(visibility.subprojects_visible_to(user).filter(project=project))
    titles = {s.pk: in_reader_language(s.title, s.title_en) for s in subprojects}
    milestones = list(visibility.milestones_visible_to(user).filter(project=project))
    newest_first = (F("dated").desc(nulls_last=True), "pk")
    documents = list(visibility.documents_visible_to(user).filter(project=project).order_by(*newest_first))
    by_milestone: dict[int, list[Document]] = defaultdict(list)
    steps = {m.pk for m in milestones}
    for document in documents:
        if document.milestone_id in steps:
            by_milestone[document.milestone_id].append(document)
    outputs = list(visibility.outputs_visible_to(user).filter(subproject__project=project))
    view = ProjectView(
        project=project,
        title=in_reader_language(project.title, project.title_en),
        summary=in_reader_language(project.summary, project.summary_en),
        staff=staff,
        subprojects=subprojects,
        budget=project_budget(project=project, subprojects=subprojects) if has_budget(project) else None,
        milestones=[
            MilestoneRow(
                milestone=m,
                title=in_reader_language(m.title, m.title_en),
                subproject=titles.get(m.subproject_id, "") if m.subproject_id else "",
                delay_days=milestone_delay_days(m, today=today),
                documents=by_milestone.get(m.pk, []),
            )
            for m in milestones
        ],
        outputs=[
            OutputRow(
                output=o,
                subproject=titles.get(o.subproject_id, ""),
                indicator=in_reader_language(o.indicator, o.indicator_en),
                achievement=output_achievement(o),
            )
            for o in outputs
        ],
        documents=[d for d in documents if d.milestone_id not in by_milestone],
    )
    if not staff:
        return view
    lines = visibility.budget_lines_visible_to(user).filter(subproject__project=project)
    changes = visibility.budget_changes_visible_to(user).filter(project=project).select_related("changed_by")
    return replace(
        view,
        lines=[LineRow(line, titles.get(line.subproject_id, ""), line_totals(line)) for line in lines],
        changes=change_rows(list(changes[:200])),
    )
