"""The graduate school (students against the target, company projects, internships, placement) and the
programmes (the agreement's commitments, the projects' budget execution, the investment pipeline)."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from ppuri.accounts.roles import runs_programs
from ppuri.dashboards.measures import Breakdown, Figure, Kind, Section, percent
from ppuri.dashboards.measures.tallies import Entry, LinkedMeasure, Tally
from ppuri.dashboards.scopes import Period, Scope
from ppuri.graduate.models import Cohort, Internship, Placement, Student
from ppuri.graduate.models import Project as GraduateProject
from ppuri.programs.models import BudgetLine, Lead
from ppuri.programs.selectors.budgets import budget_totals
from ppuri.programs.selectors.visibility import commitments_visible_to, leads_visible_to, projects_visible_to

PROJECTS = Tally(lambda: GraduateProject.objects.all(), "company_id", "created_at")
INTERNSHIPS = Tally(lambda: Internship.objects.all(), "company_id", "starts_on", dated=True)
# Students by their cohort's year: of the school, not of a complex (Incheon only).
STUDENTS = Tally(
    lambda: Student.objects.filter(status__in=Student.ADMITTED),
    "",
    "cohort__year",
    yearly=True,
    entry=("cohort__year", "status"),
)
STATUS_COLUMNS = (
    (Student.Status.ENROLLED, Student.Status.THESIS),
    (Student.Status.GRADUATED,),
    (Student.Status.WITHDRAWN,),
)


def graduate_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 제조혁신 대학원(학생·과제·현장실습·졸업 후 진로)")
    projects = PROJECTS.within(scope, period)
    internships = INTERNSHIPS.within(scope, period)
    figures = [
        Figure("graduate_projects", _("기업 과제"), projects.count(), _("건"), source=source),
        Figure("graduate_internships", _("현장실습"), internships.count(), _("명"), source=source),
    ]
    breakdowns = []
    if scope.complex is None:
        cohorts = Cohort.objects.order_by("year")
        if period.year:
            cohorts = cohorts.filter(year=period.year)
        targets = int(cohorts.aggregate(total=Sum("target"))["total"] or 0)
        students = Student.objects.filter(cohort__in=cohorts, status__in=Student.ADMITTED)
        employed = (
            Placement.objects.filter(student__in=students, outcome=Placement.Outcome.EMPLOYED)
            .values("student")
            .distinct()
            .count()
        )
        graduates = students.filter(status=Student.Status.GRADUATED).count()
        figures = [
            Figure(
                "graduate_target",
                _("입학 목표"),
                targets,
                _("명"),
                kind=Kind.OFFICIAL,
                source=_("입학 정원(코호트별 목표)"),
            ),
            Figure("graduate_students", _("입학생"), students.count(), _("명"), source=source),
            Figure("graduate_graduates", _("졸업생"), graduates, _("명"), source=source),
            Figure(
                "graduate_placement",
                _("졸업생 취업률"),
                percent(employed, graduates),
                "%",
                kind=Kind.RATE,
                base=graduates,
                part=employed,
                source=source,
                note=_("졸업생 가운데 졸업 시나 15개월 뒤 조사에서 취업으로 답한 비율입니다."),
            ),
            *figures,
        ]
        if tables:
            breakdowns.append(_students_by_cohort(cohorts, source))
    return Section("graduate", _("제조혁신 대학원"), figures, breakdowns)


def _students_by_cohort(cohorts: Any, source: str) -> Breakdown:
    statuses = list(zip([_("재학"), _("졸업"), _("중도 포기")], STATUS_COLUMNS, strict=True))
    counts = {
        (row["cohort"], row["status"]): row["n"]
        for row in Student.objects.filter(cohort__in=cohorts)
        .values("cohort", "status")
        .annotate(n=Count("pk"))
    }
    rows = list(cohorts)
    return Breakdown(
        key="graduate_students_by_cohort",
        title=_("입학 연도 × 학적 상태별 학생"),
        row_label=_("입학 연도"),
        column_label=_("학적 상태"),
        rows=[str(cohort.year) for cohort in rows],
        columns=[label for label, _s in statuses],
        values=[
            [sum(counts.get((cohort.pk, s), 0) for s in group) for _l, group in statuses] for cohort in rows
        ],
        unit=_("명"),
        source=source,
    )


def linked() -> list[LinkedMeasure]:
    """This module's counts published with every scope and year (dashboards.joint)."""
    years = [str(year) for year in Cohort.objects.order_by("year").values_list("year", flat=True)]
    column_of = {str(status): index for index, group in enumerate(STATUS_COLUMNS) for status in group}

    def student_cell(fields: Sequence[Any]) -> Entry | None:
        year, status = fields
        return (years.index(str(year)), column_of[str(status)]) if str(year) in years else None

    return [
        LinkedMeasure("graduate_projects", PROJECTS, figures=(("graduate_projects", None),)),
        LinkedMeasure("graduate_internships", INTERNSHIPS, figures=(("graduate_internships", None),)),
        LinkedMeasure(
            "graduate_students_by_cohort",
            STUDENTS,
            rows=len(years),
            columns=len(STATUS_COLUMNS),
            place=student_cell,
            # Graduates are the table's "졸업" column total.
            figures=(("graduate_students", None), ("graduate_graduates", (len(years), 1))),
            row_labels=tuple(years),
        ),
    ]


def programs_section(scope: Scope, period: Period, viewer: Any) -> Section:
    """What the viewer may see of the programmes (their visibility rules), as totals: projects' budgets
    in force and executed, the commitments, and — for those who run the programmes — the pipeline."""
    projects = projects_visible_to(viewer)
    if scope.complex is not None:
        projects = projects.filter(complex=scope.complex)
    totals = budget_totals(BudgetLine.objects.filter(subproject__project__in=projects))
    source = _("Ppuri 사업 관리(예산 라인의 합계, 오늘 기준)")
    figures = [
        Figure("projects", _("사업"), projects.count(), _("건"), kind=Kind.OFFICIAL, source=source),
        Figure(
            "budget_in_force_krw", _("현재 예산"), totals.in_force, _("원"), kind=Kind.OFFICIAL, source=source
        ),
        Figure(
            "budget_executed_krw", _("집행액"), totals.executed, _("원"), kind=Kind.OFFICIAL, source=source
        ),
        Figure(
            "budget_execution_rate",
            _("집행률"),
            float(totals.execution_rate) if totals.execution_rate is not None else None,
            "%",
            kind=Kind.OFFICIAL,
            source=source,
        ),
    ]
    if scope.complex is None:
        figures.append(
            Figure(
                "commitments",
                _("협약 이행 약속"),
                commitments_visible_to(viewer).count(),
                _("건"),
                kind=Kind.OFFICIAL,
                source=_("Ppuri 협약 관리"),
            )
        )
    if runs_programs(viewer):
        leads = leads_visible_to(viewer).filter(period.moments("created_at"))
        if scope.complex is not None:
            leads = leads.filter(complex=scope.complex)
        pipeline = _("Ppuri 투자 유치(발굴일 기준)")
        figures += [
            Figure(
                "leads_open",
                _("진행 중인 투자 유치"),
                leads.filter(stage__in=Lead.OPEN_STAGES).count(),
                _("건"),
                source=pipeline,
            ),
            Figure(
                "leads_invested",
                _("투자 실현"),
                leads.filter(stage=Lead.Stage.INVESTED).count(),
                _("건"),
                source=pipeline,
            ),
        ]
    return Section("programs", _("협약과 사업"), figures)
