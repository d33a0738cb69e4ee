"""A project's budget arithmetic: the totals of its lines in each phase (approved, the budget in force =
revised where revised else approved, contracted, executed) per sub-project, per funding source, per year
and for the whole project, the execution and contract rates and the variance.

Every total is a sum of lines made by the database (one aggregate query per grouping), never stored, so
lines, sub-projects and the project add up by construction; `totals_of_lines` does the same sums in
Python over line objects, for the tests to check the database against.

These totals are what the public reads of a project's budget (the lines themselves are the staff's,
selectors.visibility.budget_lines_visible_to): callers hand in a project the viewer may see."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from ppuri.core.i18n import in_reader_language
from ppuri.programs.models import BudgetLine, Project, SubProject

# The phases as the totals name them, in the order of the Fiscal Data Package.
PHASES = ("approved", "in_force", "contracted", "executed")


def percent(part: int, whole: int | None) -> Decimal | None:
    """part / whole in per cent with one decimal (half up); None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetTotals:
    """Sums of lines in each phase, in KRW."""

    approved: int = 0
    in_force: int = 0
    contracted: int = 0
    executed: int = 0

    @property
    def execution_rate(self) -> Decimal | None:
        """Executed / budget in force, in per cent (one decimal); None while the budget is 0."""
        return percent(self.executed, self.in_force)

    @property
    def contract_rate(self) -> Decimal | None:
        return percent(self.contracted, self.in_force)

    @property
    def variance(self) -> int:
        """What is left to execute: the budget in force less what was executed."""
        return self.in_force - self.executed

    @property
    def revision(self) -> int:
        """How far revisions moved the budget from what was approved (+ up, − down)."""
        return self.in_force - self.approved

    def __add__(self, other: "BudgetTotals") -> "BudgetTotals":
        return BudgetTotals(*(getattr(self, p) + getattr(other, p) for p in PHASES))


ZERO = BudgetTotals()


# --- in the database ------------------------------------------------------------------------------


def _in_force(prefix: str = "") -> Coalesce:
    return Coalesce(f"{prefix}revised", f"{prefix}approved")


def _sums(prefix: str = "") -> dict[str, Any]:
    """The four phase totals as aggregates over lines reached through `prefix` (0 when there is none)."""
    money = models.BigIntegerField()
    return {
        "approved_total": Coalesce(Sum(f"{prefix}approved"), Value(0), output_field=money),
        "in_force_total": Coalesce(Sum(_in_force(prefix)), Value(0), output_field=money),
        "contracted_total": Coalesce(Sum(f"{prefix}contracted"), Value(0), output_field=money),
        "executed_total": Coalesce(Sum(f"{prefix}executed"), Value(0), output_field=money),
    }


def totals_from(row: Any) -> BudgetTotals:
    """The totals of an aggregate row (a dict) or of an object annotated by `projects_with_totals`."""
    get: Callable[[str], Any] = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return BudgetTotals(*(int(get(f"{phase}_total") or 0) for phase in PHASES))


def budget_totals(lines: QuerySet[BudgetLine]) -> BudgetTotals:
    """The lines' totals in one query."""
    return totals_from(lines.aggregate(**_sums()))


def budget_totals_by(lines: QuerySet[BudgetLine], field: str) -> dict[Any, BudgetTotals]:
    """The lines' totals grouped by one field (subproject, source, year), in one query."""
    rows = lines.order_by().values(field).annotate(**_sums()).order_by(field)
    return {row[field]: totals_from(row) for row in rows}


def project_lines(project: Project) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(subproject__project=project)


def projects_with_totals(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with their lines' totals (`totals_from(project)`), in the same query."""
    return projects.annotate(**_sums("subprojects__budget_lines__"))


# --- in Python, for the tests' cross-check --------------------------------------------------------


def line_totals(line: BudgetLine) -> BudgetTotals:
    return BudgetTotals(line.approved, line.current, line.contracted, line.executed)


def totals_of_lines(lines: Iterable[BudgetLine]) -> BudgetTotals:
    """The same sums as budget_totals, in Python over line objects."""
    total = ZERO
    for line in lines:
        total += line_totals(line)
    return total


def totals_of_lines_by(
    lines: Iterable[BudgetLine], key: Callable[[BudgetLine], Hashable]
) -> dict[Hashable, BudgetTotals]:
    grouped: dict[Hashable, BudgetTotals] = {}
    for line in lines:
        grouped[key(line)] = grouped.get(key(line), ZERO) + line_totals(line)
    return grouped


# --- a project's budget as its page and the API show it -------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    """One grouping's totals: a sub-project (key its pk), a funding source (key its value) or a year."""

    key: Any
    label: str
    totals: BudgetTotals


@dataclass(frozen=True)
class ProjectBudget:
    total: BudgetTotals
    by_subproject: list[BudgetRow]
    by_source: list[BudgetRow]
    by_year: list[BudgetRow]
    announced: int | None

    @property
    def announced_difference(self) -> int | None:
        """The lines' approved total less the amount announced for the project (None if none was)."""
        return None if self.announced is None else self.total.approved - self.announced


def project_budget(*, project: Project, subprojects: Iterable[SubProject]) -> ProjectBudget:
    """The project's totals, and per sub-project (each of `subprojects`, those without lines at 0), per
    funding source and per year: four aggregate queries, whatever the number of lines."""
    lines = project_lines(project)
    per_subproject = budget_totals_by(lines, "subproject")
    per_source = budget_totals_by(lines, "source")
    per_year = budget_totals_by(lines, "year")
    source_labels = dict(BudgetLine.Source.choices)
    return ProjectBudget(
        total=budget_totals(lines),
        by_subproject=[
            BudgetRow(s.pk, in_reader_language(s.title, s.title_en), per_subproject.get(s.pk, ZERO))
            for s in subprojects
        ],
        by_source=[
            BudgetRow(value, str(source_labels[value]), per_source[value])
            for value in BudgetLine.Source.values
            if value in per_source
        ],
        by_year=[BudgetRow(year, str(year), totals) for year, totals in per_year.items()],
        announced=project.announced_budget,
    )
