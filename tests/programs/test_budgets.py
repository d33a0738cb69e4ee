"""Budget arithmetic (issue 17, done-when 3): lines, sub-projects and the project agree in every phase
(the sum of lines = the sub-projects' totals = the project's total = the sum by funding source = the
sum by year), the execution rate and the variance match values computed by hand, and a property test
over random line sets shows the groupings always add up. The database keeps the rule that nothing is
contracted or executed beyond the budget in force."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppuri.programs.models import BudgetLine, Milestone, Output, Project, SubProject
from ppuri.programs.selectors import budgets
from ppuri.programs.selectors.budgets import BudgetTotals, percent, project_budget
from ppuri.programs.selectors.projects import milestone_delay_days, output_achievement, project_rows
from tests.programs.projects_setup import EOK, build_namdong

pytestmark = pytest.mark.django_db


def budget_of(project: Project) -> budgets.ProjectBudget:
    return project_budget(project=project, subprojects=list(project.subprojects.all()))


def by_key(rows) -> dict:
    return {row.key: row.totals for row in rows}


def summed(totals) -> BudgetTotals:
    result = BudgetTotals()
    for t in totals:
        result += t
    return result


# --- the hand example -----------------------------------------------------------------------------


def test_the_project_totals_match_the_hand_computed_example(operator):
    project = build_namdong(operator)
    total = budget_of(project).total

    # approved 10+5+7+20+3 억; in force 10+4+7+25+3 억 (revised where revised); contracted 8+4+0+15+3 억;
    # executed 6+3+0+12+2.5 억.
    assert total == BudgetTotals(
        approved=45 * EOK, in_force=49 * EOK, contracted=30 * EOK, executed=2_350_000_000
    )
    assert total.execution_rate == Decimal("48.0")  # 23.5 / 49 = 47.959…%
    assert total.variance == 2_550_000_000  # 49억 − 23.5억
    assert total.contract_rate == Decimal("61.2")  # 30 / 49 = 61.224…%
    assert total.revision == 4 * EOK  # 49억 − 45억


def test_the_subprojects_sources_and_years_match_the_hand_computed_example(operator):
    project = build_namdong(operator)
    budget = budget_of(project)
    parking, culture = project.subprojects.order_by("order")

    subprojects = by_key(budget.by_subproject)
    assert subprojects[parking.pk] == BudgetTotals(22 * EOK, 21 * EOK, 12 * EOK, 9 * EOK)
    assert subprojects[culture.pk] == BudgetTotals(23 * EOK, 28 * EOK, 18 * EOK, 1_450_000_000)
    assert subprojects[parking.pk].execution_rate == Decimal("42.9")  # 9 / 21 = 42.857…%
    assert subprojects[parking.pk].variance == 12 * EOK
    assert subprojects[culture.pk].execution_rate == Decimal("51.8")  # 14.5 / 28 = 51.785…%
    assert subprojects[culture.pk].variance == 1_350_000_000

    assert by_key(budget.by_source) == {
        "national": BudgetTotals(17 * EOK, 17 * EOK, 8 * EOK, 6 * EOK),
        "city": BudgetTotals(8 * EOK, 7 * EOK, 7 * EOK, 550_000_000),
        "kicox": BudgetTotals(20 * EOK, 25 * EOK, 15 * EOK, 12 * EOK),
    }
    assert [row.label for row in budget.by_source] == ["국비", "시비", "한국산업단지공단"]
    assert by_key(budget.by_year) == {
        2023: BudgetTotals(18 * EOK, 17 * EOK, 15 * EOK, 1_150_000_000),
        2024: BudgetTotals(27 * EOK, 32 * EOK, 15 * EOK, 12 * EOK),
    }


def test_the_announced_budget_is_compared_with_the_approved_total(operator):
    project = build_namdong(operator)
    budget = budget_of(project)
    assert budget.announced == 306 * EOK
    assert budget.announced_difference == 45 * EOK - 306 * EOK == -26_100_000_000

    Project.objects.filter(pk=project.pk).update(announced_budget=None)
    project.refresh_from_db()
    assert budget_of(project).announced_difference is None


def test_every_grouping_adds_up_to_the_project_in_every_phase(operator):
    project = build_namdong(operator)
    budget = budget_of(project)
    lines = list(BudgetLine.objects.filter(subproject__project=project))
    python_total = budgets.totals_of_lines(lines)

    assert budget.total == python_total
    assert summed(r.totals for r in budget.by_subproject) == budget.total
    assert summed(r.totals for r in budget.by_source) == budget.total
    assert summed(r.totals for r in budget.by_year) == budget.total
    assert by_key(budget.by_subproject) == budgets.totals_of_lines_by(lines, lambda line: line.subproject_id)
    assert by_key(budget.by_source) == budgets.totals_of_lines_by(lines, lambda line: line.source)
    assert by_key(budget.by_year) == budgets.totals_of_lines_by(lines, lambda line: line.year)


def test_the_project_list_carries_the_same_totals(operator):
    project = build_namdong(operator)
    other = build_namdong(operator, slug="other", lines=[("parking", "city", 2024, 3 * EOK, None, EOK, EOK)])
    rows = {row.project.pk: row.totals for row in project_rows(user=operator)}
    assert rows[project.pk] == budget_of(project).total
    assert rows[other.pk] == BudgetTotals(3 * EOK, 3 * EOK, EOK, EOK)


def test_a_subproject_without_lines_and_a_project_without_lines_are_zero(operator):
    project = build_namdong(operator, lines=[])
    budget = budget_of(project)
    assert budget.total == BudgetTotals(0, 0, 0, 0)
    assert budget.total.execution_rate is None and budget.total.contract_rate is None
    assert budget.total.variance == 0
    assert [row.totals for row in budget.by_subproject] == [BudgetTotals(), BudgetTotals()]
    assert budget.by_source == [] and budget.by_year == []


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(1, 16) == Decimal("6.3")  # 6.25 (a bankers' rounding would say 6.2)
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(5, 5) == Decimal("100.0")
    assert percent(0, 7) == Decimal("0.0")
    assert percent(3, 0) is None and percent(3, None) is None


# --- random line sets -----------------------------------------------------------------------------

AMOUNT = st.integers(min_value=0, max_value=5 * 10**12)


@st.composite
def line_sets(draw):
    """1–12 lines over up to 3 sub-projects, sources and years, each within its budget in force."""
    keys = draw(
        st.lists(
            st.tuples(
                st.integers(0, 2),
                st.sampled_from(BudgetLine.Source.values),
                st.integers(2019, 2026),
            ),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    rows = []
    for subproject, source, year in keys:
        approved = draw(AMOUNT)
        revised = draw(st.none() | AMOUNT)
        in_force = approved if revised is None else revised
        contracted = draw(st.integers(0, in_force))
        executed = draw(st.integers(0, in_force))
        rows.append((subproject, source, year, approved, revised, contracted, executed))
    return rows


def test_the_groupings_always_add_up(operator):
    project = Project.objects.create(slug="random", title="무작위 사업")
    subprojects = [SubProject.objects.create(project=project, title=f"세부사업 {i}") for i in range(3)]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=line_sets())
    def check(rows):
        with transaction.atomic():
            lines = [
                BudgetLine.objects.create(
                    subproject=subprojects[s],
                    source=source,
                    year=year,
                    approved=approved,
                    revised=revised,
                    contracted=contracted,
                    executed=executed,
                )
                for s, source, year, approved, revised, contracted, executed in rows
            ]
            budget = project_budget(project=project, subprojects=subprojects)
            expected = budgets.totals_of_lines(lines)

            assert budget.total == expected
            for grouping in (budget.by_subproject, budget.by_source, budget.by_year):
                assert summed(r.totals for r in grouping) == expected
            assert by_key(budget.by_subproject) == {
                s.pk: budgets.totals_of_lines([line for line in lines if line.subproject_id == s.pk])
                for s in subprojects
            }
            assert by_key(budget.by_source) == budgets.totals_of_lines_by(lines, lambda line: line.source)
            assert by_key(budget.by_year) == budgets.totals_of_lines_by(lines, lambda line: line.year)
            # Nothing in a total passes its budget in force, line by line and so in every grouping.
            for row in (*budget.by_subproject, *budget.by_source, *budget.by_year):
                assert row.totals.executed <= row.totals.in_force
                assert row.totals.contracted <= row.totals.in_force
                assert row.totals.variance == row.totals.in_force - row.totals.executed
            transaction.set_rollback(True)

    check()
    assert not BudgetLine.objects.exists()


# --- the database's rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"executed": 11 * EOK},  # above the approved budget (not revised)
        {"contracted": 11 * EOK},
        {"revised": 5 * EOK},  # a revision below what was already executed
        {"executed": -1},
    ],
)
def test_the_database_refuses_amounts_beyond_the_budget_in_force(operator, change):
    project = build_namdong(operator)
    line = BudgetLine.objects.get(subproject__project=project, source="national", year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(**change)
    line.refresh_from_db()
    assert (line.approved, line.revised, line.contracted, line.executed) == (10 * EOK, None, 8 * EOK, 6 * EOK)


# --- milestones and outputs -----------------------------------------------------------------------


def milestone(planned, actual=None, outcome=Milestone.Outcome.PENDING) -> Milestone:
    return Milestone(title="단계", planned_on=planned, actual_on=actual, outcome=outcome)


def test_a_milestones_delay_in_days():
    today = date(2024, 7, 15)
    done_late = milestone(date(2024, 3, 31), date(2024, 5, 10), Milestone.Outcome.DONE)
    done_early = milestone(date(2024, 4, 30), date(2024, 4, 20), Milestone.Outcome.DONE)
    overdue = milestone(date(2024, 6, 30))
    not_due = milestone(date(2024, 12, 31))
    missed = milestone(date(2024, 6, 1), outcome=Milestone.Outcome.MISSED)

    assert milestone_delay_days(done_late, today=today) == 40
    assert milestone_delay_days(done_early, today=today) == -10
    assert milestone_delay_days(overdue, today=today) == 15
    assert milestone_delay_days(not_due, today=today) is None
    assert milestone_delay_days(missed, today=today) is None


def test_an_outputs_achievement():
    assert output_achievement(Output(indicator="주차면", unit="면", target=450, actual=300)) == Decimal(
        "66.7"
    )
    assert output_achievement(Output(indicator="주차면", unit="면", target=450, actual=450)) == Decimal(
        "100.0"
    )
    assert output_achievement(Output(indicator="개방", unit="곳", target=0, actual=0)) is None
