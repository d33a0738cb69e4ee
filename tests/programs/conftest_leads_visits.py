"""The investment pipeline's and company visits' cast, beside tests/conftest.py's and
tests/programs/conftest.py's: a confidential lead with a distinctive investor name, a visited company
with its member, registry companies to suggest as partners (a Cheongna robot firm, a Namdong welding
root company) and one that must never be suggested (a private listing), and an open youth-incentive
programme. Imported by the leads' and visits' test modules."""

from datetime import date

import pytest

from ppuri.incentives.models import Program
from ppuri.programs.models import FollowUp, Lead, Visit
from ppuri.programs.services import investment, visits
from ppuri.reference.models import Certification, Complex, Process, Sector, Technology
from ppuri.registry.models import Organization, OrganizationCertification, Site
from tests.factories import CapabilityFactory, MembershipFactory, OrganizationFactory, SiteFactory

# A name that appears nowhere else: if it shows on a page, the page leaked it.
INVESTOR = "Zyphora Kinetik Holdings"
TODAY = date(2026, 5, 20)
CHEONGNA = (37.535, 126.648)


def lead_input(**changes) -> investment.LeadInput:
    values = {
        "code_name": "Project Falcon",
        "investor_name": INVESTOR,
        "origin": Lead.Origin.FOREIGN,
        "country": "DE",
        "sector": Lead.Sector.ROBOTICS,
        "technologies": list(Technology.objects.filter(slug__in=["welding", "robotics"])),
        "summary": "독일 협동로봇 기업의 아시아 생산 거점 투자 검토",
        "summary_en": "A German cobot maker weighing an Asian production base.",
        "investment_usd": 40_000_000,
        "investment_krw": 55_000_000_000,
        "jobs": 120,
        "incentives_asked": "법인세 감면, 임대료 감면",
        "site_needs": "공장 부지 2만 ㎡, 항만 접근",
        "site_area_m2": 20_000,
        "complex": Complex.objects.get(slug="seobu"),
        "next_step": "현장 방문 일정 확정",
        "next_step_on": date(2026, 6, 1),
    }
    values.update(changes)
    return investment.LeadInput(**values)


@pytest.fixture
def lead(fez_officer):
    return investment.lead_create(actor=fez_officer, data=lead_input(officer=fez_officer))


@pytest.fixture
def visited(db):
    """A Namdong welding company, root industry, with a member."""
    company = OrganizationFactory(name="남동용접기술(주)", products="구조물 용접", employees=24)
    SiteFactory(organization=company)
    CapabilityFactory(organization=company, process=Process.objects.get(slug="welding.mig-mag"))
    return company


@pytest.fixture
def visited_member(visited):
    return MembershipFactory(organization=visited, user__username="welding-member").user


@pytest.fixture
def robot_firm(db):
    """A public Cheongna cobot firm (robotics sector and a robotics capability), no complex."""
    firm = OrganizationFactory(name="청라코봇(주)", products="협동로봇", is_root_industry=False)
    site = Site.objects.create(
        organization=firm,
        address="인천광역시 서구 청라대로 100",
        district="서구",
        latitude=CHEONGNA[0],
        longitude=CHEONGNA[1],
        is_primary=True,
    )
    CapabilityFactory(organization=firm, site=site, process=Process.objects.get(slug="robotics.cobot"))
    firm.sectors.set([Sector.objects.get(slug="robotics")])
    return firm


@pytest.fixture
def root_welder(db):
    """A public Namdong root company that welds and holds ISO 9001."""
    company = OrganizationFactory(name="남동정밀용접(주)", products="로봇 용접 부품")
    SiteFactory(organization=company)
    CapabilityFactory(organization=company, process=Process.objects.get(slug="welding.robotic"))
    OrganizationCertification.objects.create(
        organization=company, certification=Certification.objects.get(slug="iso-9001")
    )
    return company


@pytest.fixture
def private_firm(db):
    """Both a Cheongna robot firm and a Namdong welder, but private: never suggested."""
    firm = OrganizationFactory(name="비공개로보틱스(주)", products="용접 로봇", is_public=False)
    SiteFactory(organization=firm)
    Site.objects.create(
        organization=firm,
        address="인천광역시 서구 청라대로 200",
        district="서구",
        latitude=CHEONGNA[0],
        longitude=CHEONGNA[1],
    )
    CapabilityFactory(organization=firm, process=Process.objects.get(slug="robotics.cobot"))
    CapabilityFactory(organization=firm, process=Process.objects.get(slug="welding.arc"))
    return firm


@pytest.fixture
def youth_programme(db):
    programme = Program.objects.create(
        name="인천 뿌리산업 청년 장려금",
        budget=1_600_000_000,
        headcount_cap=300,
        per_company_cap=3,
        per_root_company_cap=5,
        min_employees=5,
        hire_from=date(2026, 1, 1),
        hire_to=date(2026, 12, 31),
        schedule=[{"month": 3, "amount": 1_000_000}, {"month": 6, "amount": 1_000_000}],
    )
    programme.complexes.set(Complex.objects.filter(slug__in=["namdong", "juan", "bupyeong", "seobu"]))
    return programme


def visit_input(company: Organization, **changes) -> visits.VisitInput:
    values = {
        "organization": company,
        "visited_on": date(2026, 5, 18),
        "met": "대표이사",
        "plan": Visit.Plan.STABLE,
        "relocation_risk": Visit.Risk.NONE,
        "notes": "대표가 김포 이전을 검토 중이라고 귀띔함(내부)",
        "summary_for_company": "용접공 채용 공고 작성을 돕기로 했습니다.",
    }
    values.update(changes)
    return visits.VisitInput(**values)


def hiring_visit(actor, company, **changes) -> Visit:
    return visits.visit_log(
        actor=actor,
        data=visit_input(company, hiring_need=True, hiring_detail="CO2 용접공 2명", **changes),
    )


def follow_up_of(visit: Visit, kind: str) -> FollowUp:
    return visit.follow_ups.get(kind=kind)


@pytest.fixture
def fixed_today():
    """The calendar of these tests: the visits were in May 2026, the youth programme takes 2026's hires."""
    from ppuri.core import clock

    with clock.fixed(TODAY):
        yield TODAY
