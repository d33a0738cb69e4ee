"""Who sees what of the graduate school, decided here for every model (registered in apps.py), and the
figures computed from the student rows.

Rows:
- the school (accounts.roles.runs_graduate_school) sees everything;
- a student sees their own record, its interests, matches, milestones, internships and placements, and
  the projects published to students;
- a company sees its own projects and the students on them (matched to them, sponsored by it, or
  interning with it) — not those who only showed interest, which the school weighs;
- an advisor (an expert's account) sees their advisees and their matches;
- the city and the public see only the aggregates of `cohort_figures` and `placement_figures`, small
  counts suppressed (core.disclosure).
An NDA project's problem, data and mentor show only to those who accepted its NDA, besides the company
and the school (`details_visible`).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from ppuri.accounts.roles import is_signed_in, runs_graduate_school
from ppuri.core import clock
from ppuri.core.disclosure import count_shown, counts_shown
from ppuri.graduate.models import (
    AdvisorInstitution,
    Cohort,
    Internship,
    Match,
    NdaAcceptance,
    Placement,
    Project,
    ProjectInterest,
    Student,
    ThesisMilestone,
)
from ppuri.registry.selectors import organizations_of
from ppuri.tenure.retention import DAYS_PER_MONTH


def _company_ids(user: Any) -> QuerySet[Any]:
    return organizations_of(user).values("pk")


def is_student(user: Any) -> bool:
    """An account with a record the school admitted and that is still studying."""
    return is_signed_in(user) and Student.objects.filter(user=user, status__in=Student.STUDYING).exists()


def students_visible_to(user: Any) -> QuerySet[Student]:
    if runs_graduate_school(user):
        return Student.objects.all()
    if not is_signed_in(user):
        return Student.objects.none()
    companies = _company_ids(user)
    return Student.objects.filter(
        Q(user=user)
        | Q(advisor__user=user)
        | Q(matches__project__company__in=companies)
        | Q(sponsor__in=companies)
        | Q(internships__company__in=companies)
    ).distinct()


def projects_visible_to(user: Any) -> QuerySet[Project]:
    if runs_graduate_school(user):
        return Project.objects.all()
    if not is_signed_in(user):
        return Project.objects.none()
    rule = Q(company__in=_company_ids(user)) | Q(matches__advisor__user=user) | Q(matches__student__user=user)
    if is_student(user):
        rule |= Q(status__in=(Project.Status.PUBLISHED, Project.Status.MATCHED, Project.Status.DONE))
    return Project.objects.filter(rule).distinct()


def projects_with_details(user: Any, projects: list[Project]) -> set[int]:
    """Of these projects, those whose problem, data and mentor the user may read: every public one;
    an NDA project for the company, the school, those who accepted its NDA and the matched student and
    advisor (bound by the school's agreement with the company). Three queries however many projects."""
    if runs_graduate_school(user):
        return {p.pk for p in projects}
    shown = {p.pk for p in projects if not p.under_nda}
    guarded = [p for p in projects if p.under_nda]
    if not guarded or not is_signed_in(user):
        return shown
    companies = set(organizations_of(user).values_list("pk", flat=True))
    shown |= {p.pk for p in guarded if p.company_id in companies}
    ids = [p.pk for p in guarded]
    shown |= set(NdaAcceptance.objects.filter(project__in=ids, user=user).values_list("project", flat=True))
    shown |= set(
        Match.objects.filter(
            Q(student__user=user, student__status__in=(*Student.STUDYING, Student.Status.GRADUATED))
            | Q(advisor__user=user),
            project__in=ids,
        ).values_list("project", flat=True)
    )
    return shown


def details_visible(user: Any, project: Project) -> bool:
    return project.pk in projects_with_details(user, [project])


def nda_acceptances_visible_to(user: Any) -> QuerySet[NdaAcceptance]:
    if runs_graduate_school(user):
        return NdaAcceptance.objects.all()
    if not is_signed_in(user):
        return NdaAcceptance.objects.none()
    # A company is not told who accepted (it sees the students matched to it, not those who looked).
    return NdaAcceptance.objects.filter(user=user)


def interests_visible_to(user: Any) -> QuerySet[ProjectInterest]:
    if runs_graduate_school(user):
        return ProjectInterest.objects.all()
    if not is_signed_in(user):
        return ProjectInterest.objects.none()
    return ProjectInterest.objects.filter(student__user=user)


def matches_visible_to(user: Any) -> QuerySet[Match]:
    if runs_graduate_school(user):
        return Match.objects.all()
    if not is_signed_in(user):
        return Match.objects.none()
    return Match.objects.filter(
        Q(student__user=user) | Q(advisor__user=user) | Q(project__company__in=_company_ids(user))
    )


def milestones_visible_to(user: Any) -> QuerySet[ThesisMilestone]:
    return ThesisMilestone.objects.filter(match__in=matches_visible_to(user).values("pk"))


def internships_visible_to(user: Any) -> QuerySet[Internship]:
    if runs_graduate_school(user):
        return Internship.objects.all()
    if not is_signed_in(user):
        return Internship.objects.none()
    return Internship.objects.filter(Q(student__user=user) | Q(company__in=_company_ids(user)))


def placements_visible_to(user: Any) -> QuerySet[Placement]:
    """Placement rows: the school and the graduate; the employer follows the hire in tenure."""
    if runs_graduate_school(user):
        return Placement.objects.all()
    if not is_signed_in(user):
        return Placement.objects.none()
    return Placement.objects.filter(student__user=user)


def advisors() -> QuerySet[Any]:
    """The experts who may advise: those of the advisor institutions (Inha, KITECH)."""
    from ppuri.challenges.models import Expert

    return Expert.objects.filter(
        organization__in=AdvisorInstitution.objects.values("organization")
    ).select_related("organization")


def advisor_loads() -> dict[int, int]:
    """Each advisor's students still studying."""
    rows = (
        Student.objects.filter(status__in=Student.STUDYING, advisor__isnull=False)
        .values("advisor")
        .annotate(n=Count("pk"))
    )
    return {row["advisor"]: row["n"] for row in rows}


# --- figures --------------------------------------------------------------------------------------


@dataclass
class CohortFigures:
    year: int
    target: int
    enrolled: int | None  # admitted: studying, graduated or withdrawn
    studying: int | None
    graduated: int | None
    withdrawn: int | None
    placed: int | None  # graduates employed at the latest survey
    exact: bool = field(default=True)


def cohort_figures(user: Any) -> list[CohortFigures]:
    """Students per cohort against the target, from the student rows; counts under 5 suppressed for
    those who do not run the school."""
    exact = runs_graduate_school(user)
    placed = _placed_students()
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Student.objects.filter(status__in=Student.ADMITTED).values("cohort", "status").annotate(n=Count("pk"))
    ):
        counts.setdefault(row["cohort"], {})[row["status"]] = row["n"]
    placed_by_cohort: dict[int, int] = {}
    for cohort_id in Student.objects.filter(pk__in=placed).values_list("cohort", flat=True):
        placed_by_cohort[cohort_id] = placed_by_cohort.get(cohort_id, 0) + 1
    figures = []
    for cohort in Cohort.objects.order_by("year"):
        by_status = counts.get(cohort.pk, {})
        studying = by_status.get(Student.Status.ENROLLED, 0) + by_status.get(Student.Status.THESIS, 0)
        graduated = by_status.get(Student.Status.GRADUATED, 0)
        withdrawn = by_status.get(Student.Status.WITHDRAWN, 0)
        placed_here = placed_by_cohort.get(cohort.pk, 0)
        # The parts are shown beside their total, so hidden in pairs (core.disclosure.counts_shown).
        shown_studying, shown_graduated, shown_withdrawn = counts_shown(
            [studying, graduated, withdrawn], exact=exact
        )
        shown_placed, _not_placed = counts_shown(
            [placed_here, graduated - placed_here],
            exact=exact,
            hidden=[0, 1] if shown_graduated is None else [],
        )
        figures.append(
            CohortFigures(
                year=cohort.year,
                target=cohort.target,
                enrolled=count_shown(studying + graduated + withdrawn, exact=exact),
                studying=shown_studying,
                graduated=shown_graduated,
                withdrawn=shown_withdrawn,
                placed=shown_placed,
                exact=exact,
            )
        )
    return figures


def _latest_placements() -> dict[int, Placement]:
    """Each graduate's latest survey answer (15 months after graduation over the one at graduation)."""
    latest: dict[int, Placement] = {}
    for placement in Placement.objects.filter(student__status=Student.Status.GRADUATED).order_by("survey"):
        # "15m" sorts before "graduation": keep the first seen of the later survey.
        current = latest.get(placement.student_id)
        if current is None or placement.survey == Placement.Survey.MONTHS_15:
            latest[placement.student_id] = placement
    return latest


def _placed_students() -> set[int]:
    return {pk for pk, p in _latest_placements().items() if p.outcome == Placement.Outcome.EMPLOYED}


@dataclass
class PlacementFigures:
    survey: str
    label: str
    graduates: int | None  # graduates the survey is due for
    answered: int | None
    employed: int | None
    employed_root: int | None
    employed_complex: int | None
    employed_registry: int | None  # at a company of the registry (followed in tenure)
    study: int | None
    seeking: int | None
    retained_12m: int | None  # of the hires followed in tenure 12 months or more, still employed
    followed_12m: int | None


def placement_figures(user: Any, *, today: date | None = None) -> list[PlacementFigures]:
    """Placement at graduation and 15 months later, and 12-month retention of graduates' hires."""
    from ppuri.core.clock import add_months

    today = today or clock.today()
    exact = runs_graduate_school(user)
    # A graduate has their day (the student_graduated_has_date constraint).
    graduated_on = [
        day
        for day in Student.objects.filter(status=Student.Status.GRADUATED).values_list(
            "graduated_on", flat=True
        )
        if day is not None
    ]
    rows = list(
        Placement.objects.filter(student__status=Student.Status.GRADUATED).select_related("employment")
    )
    figures = []
    for survey, label in Placement.Survey.choices:
        months = 15 if survey == Placement.Survey.MONTHS_15 else 0
        due = [day for day in graduated_on if add_months(day, months) <= today]
        answers = [p for p in rows if p.survey == survey]
        employed = [p for p in answers if p.outcome == Placement.Outcome.EMPLOYED]
        followed = [
            p.employment
            for p in employed
            if p.employment is not None and (today - p.employment.hired_on).days >= 12 * DAYS_PER_MONTH
        ]
        retained = [
            e
            for e in followed
            if e.separated_on is None or (e.separated_on - e.hired_on).days >= 12 * DAYS_PER_MONTH
        ]
        values = {
            "graduates": len(due),
            "answered": len(answers),
            "employed": len(employed),
            "employed_root": sum(p.root_industry for p in employed),
            "employed_complex": sum(p.complex_id is not None for p in employed),
            "employed_registry": sum(p.employer_id is not None for p in employed),
            "study": sum(p.outcome == Placement.Outcome.STUDY for p in answers),
            "seeking": sum(p.outcome == Placement.Outcome.SEEKING for p in answers),
            "retained_12m": len(retained),
            "followed_12m": len(followed),
        }
        figures.append(PlacementFigures(survey=survey, label=str(label), **_disclosed(values, exact=exact)))
    return figures


def _disclosed(values: dict[str, int], *, exact: bool) -> dict[str, int | None]:
    """A survey's counts as shown: each small one hidden, and each part hidden with another part of the
    same whole where the whole less the shown parts would give a small count away (the answers beside
    the graduates, the outcomes beside the answers, the kinds of employment beside the employed, those
    who stayed beside those followed)."""
    shown = {key: count_shown(value, exact=exact) for key, value in values.items()}
    wholes = [
        (["answered"], values["graduates"]),
        (["employed", "study", "seeking"], values["answered"]),
        (["employed_root"], values["employed"]),
        (["employed_complex"], values["employed"]),
        (["employed_registry"], values["employed"]),
        (["retained_12m"], values["followed_12m"]),
    ]
    for parts, whole in wholes:
        actual = [values[key] for key in parts]
        rest = whole - sum(actual)  # the part not shown (those who did not answer, other outcomes, …)
        for key, value in zip(parts, counts_shown([*actual, rest], exact=exact), strict=False):
            if value is None:
                shown[key] = None
    return shown


def projects_figures(user: Any) -> dict[str, int | None]:
    """Projects with companies: proposed in all, published, under way, done, and companies taking part."""
    exact = runs_graduate_school(user)
    live = Project.objects.exclude(status=Project.Status.WITHDRAWN)
    values = {
        "projects": live.count(),
        "companies": live.values("company").distinct().count(),
        "from_cases": live.filter(challenge__isnull=False).count(),
        "under_way": live.filter(status=Project.Status.MATCHED).count(),
        "done": live.filter(status=Project.Status.DONE).count(),
    }
    return {key: count_shown(value, exact=exact) for key, value in values.items()}
