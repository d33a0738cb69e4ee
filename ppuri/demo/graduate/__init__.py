"""The graduate-school demo (제조혁신전문대학원, data/graduate.toml): Inha and KITECH as the advisor
institutions, the cohorts from the school's opening in March 2020 to this year, their students in the
states the calendar has brought them to, the partner firms' projects (프로젝트 학위) with interests,
matches, thesis reviews and results, internships, and where the graduates went — at graduation and
15 months later, a hire at a company of the registry starting its employment in tenure.

What is real (domain-facts §6): the opening in 2020-03 with 28 first-year students against a capacity of
30, the project degree with partner firms (about 20 root companies; here the ~20 demo companies with an
account), the agreement's ~50 master's a year. Everything else is the demo's assumption: the later
cohorts' sizes (a ramp to the target of PPURI_GRADUATE_COHORT_TARGET), the withdrawals, and the pace —
these are mostly working students, so a normal student passes the proposal review in the spring of the
second year and graduates in February three years after entering, a fast one half a year earlier, a
slow one half a year later. The people, projects and employers are synthetic.

Everything goes through ppuri.graduate.services as the people who would act: the school's `university`
account runs cohorts, students, publication, matches, reviews, internships and placements; the partner
firms' own members propose, withdraw and consent; students with an account sign up (linked to the
record the school made for their address), accept NDAs and show interest; `seeker-minseo` asks to be
recognised and the school confirms; two seekers' requests wait. A few accounts of its own are made:
`student` (2025 cohort, thesis stage, an NDA project), `alumni` (a 2022 graduate at work) and some of
the current students (`grad2025-07`, …).

Each step is planned on its day — cohorts by the calendar, the current round of projects (some from the
desk's cases) counted back from the day of loading — and run in date order with core.clock fixed to that
day (the services refuse dates after today); steps due today or later do not run, which is what leaves
each cohort where it is. What a day's steps wrote is then dated to that day, as the desk's demo does.
Everything random comes from `random.Random` seeded from the demo seed, per cohort.
"""

from typing import Any

from django.db.models import Count

from ppuri.accounts.models import Role, User
from ppuri.challenges.models import Challenge
from ppuri.demo.graduate.plan import FIRST_YEAR, NAMED_ACCOUNTS
from ppuri.demo.graduate.school import _School
from ppuri.graduate.models import AdvisorInstitution, Cohort, Placement, Project, Student
from ppuri.registry.models import Organization

__all__ = ["FIRST_YEAR", "NAMED_ACCOUNTS", "graduate_accounts", "graduate_counts", "graduate_create"]


def graduate_create(
    *,
    seed: int,
    operator: User,
    institutions: dict[str, Organization],
    companies: dict[str, Organization],
    cases: dict[str, Challenge],
    password: str,
) -> None:
    """The graduate school's demo. `institutions` maps institutions.toml keys to organizations,
    `companies` the partner firms' keys (sourcing suppliers, demo accounts as "@username"), `cases` the
    desk's demo cases by key. Nothing without the demo's `university` account (made by hand before:
    nobody of the school to act)."""
    school = User.objects.filter(username="university", role=Role.UNIVERSITY, is_active=True).first()
    if school is None:
        return
    for key in ("inha", "kitech"):
        if key in institutions:
            AdvisorInstitution.objects.get_or_create(organization=institutions[key])
    story = _School(
        seed=seed, school=school, operator=operator, companies=companies, cases=cases, password=password
    )
    story.plan()
    story.timeline.run()


def graduate_counts() -> dict[str, Any]:
    """Cohorts' years, students by status, projects by status, placements by survey."""

    def by(queryset: Any, name: str) -> dict[str, int]:
        return dict(queryset.values_list(name).annotate(n=Count("pk")).order_by(name))

    return {
        "cohorts": list(Cohort.objects.order_by("year").values_list("year", flat=True)),
        "students": by(Student.objects.all(), "status"),
        "projects": by(Project.objects.filter(company__is_demo=True), "status"),
        "placements": by(Placement.objects.all(), "survey"),
    }


def graduate_accounts() -> list[str]:
    """The documented accounts of the graduate demo that hold a student record."""
    present = set(
        Student.objects.filter(user__username__in=NAMED_ACCOUNTS).values_list("user__username", flat=True)
    )
    return [name for name in NAMED_ACCOUNTS if name in present]
