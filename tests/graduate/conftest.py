"""The graduate school's cast: the school's staff (the university role), a die-casting company with its
member and one of its desk cases, a rival company, the city, experts of the advisor institutions (an
Inha-like university and a KITECH-like institute) and one outside them, two cohorts, and students the
school enrolled (linked to seeker accounts) with the helpers that take them through a project to
graduation. Today is fixed, so every date check is the same on every day the suite runs."""

from datetime import date

import pytest

from ppuri.accounts.models import Role
from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge
from ppuri.core import clock
from ppuri.graduate import services
from ppuri.graduate.models import AdvisorInstitution, Match, Project, Student, ThesisMilestone
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization
from tests.desk_fixtures import make_expert
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory

TODAY = date(2026, 12, 1)
PROBLEM = "알루미늄 다이캐스팅 하우징의 가스 기공 불량률 4.2%를 1% 이하로 낮추는 공정 조건을 찾는다."
DATA_SHARED = "최근 6개월 주조 조건 로그와 X-ray 검사 결과"


@pytest.fixture(autouse=True)
def fixed_today():
    with clock.fixed(TODAY):
        yield


def tech(slug: str) -> Technology:
    return Technology.objects.get(slug=slug)


def process(slug: str) -> Process:
    return Process.objects.get(slug=slug)


# --- people and organizations ---------------------------------------------------------------------


@pytest.fixture
def school(db):
    """The graduate school's staff member."""
    return UserFactory(username="grad-school", role=Role.UNIVERSITY, email="school@inha.example")


@pytest.fixture
def city(db):
    return UserFactory(username="city-officer", role=Role.CITY, email="officer@incheon.example")


@pytest.fixture
def company(db):
    """인천정밀주조: the die caster that proposes projects."""
    organization = OrganizationFactory(name="인천정밀주조(주)", products="알루미늄 다이캐스팅 하우징")
    SiteFactory(organization=organization)
    return organization


@pytest.fixture
def company_member(company):
    return MembershipFactory(organization=company, user__username="casting-admin").user


@pytest.fixture
def rival(db):
    organization = OrganizationFactory(name="서해단조(주)", products="열간 단조 부품")
    SiteFactory(organization=organization)
    return organization


@pytest.fixture
def rival_member(rival):
    return MembershipFactory(organization=rival, user__username="forging-admin").user


@pytest.fixture
def advisor_orgs(db):
    """The two advisor institutions and a research institute that is not one."""
    inha = OrganizationFactory(name="인하대학교 제조혁신전문대학원", kind=Organization.Kind.UNIVERSITY)
    kitech = OrganizationFactory(
        name="한국생산기술연구원 뿌리산업기술연구소", kind=Organization.Kind.RESEARCH_INSTITUTE
    )
    other = OrganizationFactory(name="포스코 기술연구원", kind=Organization.Kind.RESEARCH_INSTITUTE)
    AdvisorInstitution.objects.create(organization=inha)
    AdvisorInstitution.objects.create(organization=kitech)
    return {"inha": inha, "kitech": kitech, "other": other}


@pytest.fixture
def advisors(advisor_orgs):
    """A casting professor at Inha (with an account), a heat-treatment researcher at KITECH, and a
    casting researcher outside the advisor institutions."""
    return {
        "casting": make_expert(
            "정주조",
            advisor_orgs["inha"],
            technologies=["casting"],
            processes=["casting.die-casting"],
            user=UserFactory(username="prof-casting", role=Role.EXPERT),
        ),
        "heat": make_expert(
            "한열처",
            advisor_orgs["kitech"],
            technologies=["heat-treatment"],
            processes=["heat-treatment.quench-temper"],
        ),
        "outside": make_expert(
            "오외부", advisor_orgs["other"], technologies=["casting"], processes=["casting.die-casting"]
        ),
    }


# --- cohorts and students -------------------------------------------------------------------------


@pytest.fixture
def cohort_2025(school):
    return services.cohort_save(actor=school, year=2025, target=30, starts_on=date(2025, 3, 3))


@pytest.fixture
def cohort(school):
    return services.cohort_save(actor=school, year=2026, target=30, starts_on=date(2026, 3, 2))


def enrol(school, cohort, username, *, technology="casting", **fields) -> Student:
    """A seeker account and the school's enrolment by its address (linked at once)."""
    user = UserFactory(username=username, role=Role.SEEKER, email=f"{username}@inha.example")
    return services.student_enrol(
        actor=school,
        cohort=cohort,
        name=fields.pop("name", f"학생 {username}"),
        email=user.email,
        technology=tech(technology) if technology else None,
        **fields,
    )


@pytest.fixture
def student(school, cohort):
    return enrol(school, cohort, "student-kim", name="김다은", processes=[process("casting.die-casting")])


@pytest.fixture
def other_student(school, cohort):
    return enrol(school, cohort, "student-lee", name="이준호", technology="welding")


# --- projects -------------------------------------------------------------------------------------


@pytest.fixture
def challenge(company, company_member):
    """The company's confidential desk case a project may start from."""
    return desk.challenge_create(
        actor=company_member,
        company=company,
        title="다이캐스팅 하우징 가스 기공",
        description=PROBLEM,
        confidentiality=Challenge.Confidentiality.CONFIDENTIAL,
    )


def project_input(company, **overrides) -> services.ProjectInput:
    values = {
        "company": company,
        "title": "다이캐스팅 기공 저감 공정 최적화",
        "summary": "알루미늄 다이캐스팅 부품의 기공 불량을 줄이는 과제",
        "problem": PROBLEM,
        "data_shared": DATA_SHARED,
        "mentor_name": "최멘토",
        "mentor_title": "생산기술팀장",
        "confidentiality": Project.Confidentiality.NDA,
        "technology": tech("casting"),
        "processes": [process("casting.die-casting")],
    }
    values.update(overrides)
    return services.ProjectInput(**values)


def propose(member, company, **overrides) -> Project:
    return services.project_propose(actor=member, data=project_input(company, **overrides))


def published(school, member, company, **overrides) -> Project:
    return services.project_publish(actor=school, project=propose(member, company, **overrides))


@pytest.fixture
def nda_project(school, company_member, company):
    """The company's NDA project, open to students."""
    return published(school, company_member, company)


@pytest.fixture
def public_project(school, company_member, company):
    return published(
        school,
        company_member,
        company,
        title="용접 로봇 경로 자동 생성",
        confidentiality=Project.Confidentiality.PUBLIC,
        technology=tech("welding"),
        processes=[process("welding.robotic")],
    )


def interested(student: Student, project: Project, motivation: str = "다이캐스팅 기공을 연구하고 싶습니다."):
    if project.under_nda:
        services.nda_accept(actor=student.user, project=project)
    return services.interest_express(actor=student.user, project=project, motivation=motivation)


def matched(school, student: Student, project: Project, advisor) -> Match:
    interested(student, project)
    return services.match_create(actor=school, project=project, student=student, advisor=advisor)


def pass_review(school, match: Match, kind: str, day: date) -> ThesisMilestone:
    milestone = match.milestones.get(kind=kind)
    return services.milestone_update(
        actor=school, milestone=milestone, planned_on=day, held_on=day, state="passed"
    )


def pass_all_reviews(school, match: Match, day: date = date(2026, 11, 20)) -> None:
    for kind in ThesisMilestone.ORDER:
        pass_review(school, match, kind, day)


def graduated(school, student: Student, project: Project, advisor, day: date = date(2026, 11, 27)) -> Student:
    """Matched, the three reviews passed, graduated on `day`."""
    match = matched(school, student, project, advisor)
    pass_all_reviews(school, match, min(day, date(2026, 11, 20)))
    return services.student_status_set(actor=school, student=student, status="graduated", day=day)
