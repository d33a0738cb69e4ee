"""Demo data: a deterministic, realistic but invented Incheon for `ppuri demo` and for trials.

`demo_load(seed=…)` fills an empty database (no organization at all) once: ~2,400 root companies in
the four complexes and around them, the institutions of the 2019 cooperation agreement, robotics
start-ups in 청라 and bio-health companies in 송도 as buyers (organizations.py, companies.py,
places.py), and one account per role (accounts.py); then the sourcing round (sourcing.py), the
limit-technology desk's 180 experts and cases (challenges.py), the knowledge base's guides and
published cases (knowledge.py), job postings, seekers and applications (talent.py), the youth
incentive (incentives.py), the graduate school's cohorts since 2020, projects and placements
(graduate/), and the programmes: the agreement's partners, the Namdong regeneration, the Seobu bid,
investment leads, company visits and a matchmaking day (programs/). Every organization is marked
`is_demo`. Everything random comes from `random.Random(seed)` and every date is relative to
companies.REFERENCE_DATE, so the same seed gives the same data on any day and any machine; the sourcing
requests, the desk's cases, the articles, the jobs and the programmes' visits, leads and matchmaking
day count their days from the day of loading instead (the services refuse deadlines in the past and
stamp what they write with the current time), and the graduate school's cohorts and the regeneration
keep their calendar years, each as far along as the day of loading has brought it.

A database that holds any organization — the demo's, imported ones, registered ones — is left as it
is: `ppuri demo` then serves it and says what it holds, so imports and edits survive a restart.

The data files under demo/data/ say what is real (roads, institutions, shares) and what is not.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from ppuri.challenges.models import Expert
from ppuri.core.activity import activity_log
from ppuri.core.db import planner_statistics_refresh
from ppuri.core.notifications import without_email
from ppuri.demo import challenges, graduate, incentives, knowledge, programs, sourcing, talent
from ppuri.demo.accounts import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    DEMO_USERNAMES,
    DemoAccount,
    account_specs,
    accounts_write,
    demo_accounts,
    demo_totp_devices_write,
    supplier_accounts,
)
from ppuri.demo.organizations import COMPLEX_COMPANY_COUNTS, demo_plan, organizations_write, profiles_write
from ppuri.registry.context_processors import DEMO_FLAG_CACHE_KEY
from ppuri.registry.models import Capability, Organization, OrganizationCertification, Site
from ppuri.registry.root_industry import organizations_root_industry_refresh
from ppuri.search.services import index_refresh
from ppuri.sourcing.models import SourcingRequest


class DemoRefusedError(Exception):
    pass


@dataclass
class DemoSummary:
    created: bool
    message: str
    root_companies: int
    by_complex: dict[str, int]
    outside_complexes: int
    technology_companies: int
    institutions: int
    sites: int
    capabilities: int
    certifications: int
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    totp_key: str = DEMO_TOTP_KEY  # the privileged demo accounts' authenticator key (demo only)
    sourcing_requests: dict[str, int] = field(default_factory=dict)  # status → count
    supplier_accounts: list[str] = field(default_factory=list)  # of the sourcing demo's suppliers
    experts: int = 0
    expert_accounts: list[str] = field(default_factory=list)  # besides `expert`, of the desk's demo
    challenges: dict[str, int] = field(default_factory=dict)  # status → count
    articles: dict[str, int] = field(default_factory=dict)  # kind → count, of the knowledge base
    job_postings: dict[str, int] = field(default_factory=dict)  # status → count
    job_applications: dict[str, int] = field(default_factory=dict)  # stage → count
    seeker_accounts: list[str] = field(default_factory=list)  # besides `seeker`, of the jobs demo
    graduate_cohorts: list[int] = field(default_factory=list)  # the graduate school's, by year
    graduate_students: dict[str, int] = field(default_factory=dict)  # status → count
    graduate_projects: dict[str, int] = field(default_factory=dict)  # status → count
    graduate_placements: dict[str, int] = field(default_factory=dict)  # survey → count
    graduate_accounts: list[str] = field(default_factory=list)  # student accounts of the graduate demo
    programs: dict[str, int] = field(default_factory=dict)  # the programmes demo's rows (programs_counts)
    # Everything in the database, demo or not (what `ppuri demo` serves).
    companies: int = 0
    other_companies: int = 0  # imported or registered, not the demo's
    other_organizations: int = 0  # institutions and others, not the demo's


def demo_summary(*, created: bool, message: str) -> DemoSummary:
    """Counts of the demo data in the database, and the demo accounts."""
    demo = Organization.objects.filter(is_demo=True)
    root = demo.filter(kind=Organization.Kind.COMPANY, capabilities__isnull=False).distinct()
    by_complex: dict[str, int] = {
        slug: Site.objects.filter(organization__in=root, is_primary=True, complex__slug=slug).count()
        for slug in COMPLEX_COMPANY_COUNTS
    }
    root_count = root.count()
    school = graduate.graduate_counts()
    return DemoSummary(
        created=created,
        message=message,
        root_companies=root_count,
        by_complex=by_complex,
        outside_complexes=root_count - sum(by_complex.values()),
        technology_companies=demo.filter(kind=Organization.Kind.COMPANY, capabilities__isnull=True).count(),
        institutions=demo.exclude(kind=Organization.Kind.COMPANY).count(),
        sites=Site.objects.filter(organization__is_demo=True).count(),
        capabilities=Capability.objects.filter(organization__is_demo=True).count(),
        certifications=OrganizationCertification.objects.filter(organization__is_demo=True).count(),
        accounts=demo_accounts(),
        sourcing_requests=dict(
            SourcingRequest.objects.filter(buyer__is_demo=True)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by("status")
        ),
        supplier_accounts=supplier_accounts(),
        experts=Expert.objects.filter(organization__is_demo=True).count(),
        expert_accounts=list(
            Expert.objects.filter(organization__is_demo=True, user__isnull=False)
            .exclude(user__username__in=DEMO_USERNAMES)
            .order_by("user__username")
            .values_list("user__username", flat=True)
        ),
        challenges=challenges.challenge_counts(),
        articles=knowledge.article_counts(),
        job_postings=talent.talent_counts()["postings"],
        job_applications=talent.talent_counts()["applications"],
        seeker_accounts=talent.seeker_accounts(),
        graduate_cohorts=school["cohorts"],
        graduate_students=school["students"],
        graduate_projects=school["projects"],
        graduate_placements=school["placements"],
        graduate_accounts=graduate.graduate_accounts(),
        programs=programs.programs_counts(),
        companies=Organization.objects.filter(kind=Organization.Kind.COMPANY).count(),
        other_companies=Organization.objects.filter(is_demo=False, kind=Organization.Kind.COMPANY).count(),
        other_organizations=Organization.objects.filter(is_demo=False)
        .exclude(kind=Organization.Kind.COMPANY)
        .count(),
    )


def _existing_database_summary() -> DemoSummary:
    """What a database that already holds organizations holds, for `ppuri demo` to say before serving it."""
    summary = demo_summary(created=False, message="")
    demo_companies = summary.companies - summary.other_companies
    if not summary.other_companies and not summary.other_organizations:
        detail_ko = "모두 데모 데이터"
        detail_en = "all demo data"
    elif not demo_companies:
        detail_ko = (
            f"가져오거나 등록한 기업 {summary.other_companies:,}곳, "
            "데모 데이터는 빈 데이터베이스에만 넣습니다"
        )
        detail_en = (
            f"{summary.other_companies:,} imported or registered; demo data goes into an empty database only"
        )
    else:
        detail_ko = f"데모 {demo_companies:,}곳, 가져오거나 등록한 기업 {summary.other_companies:,}곳"
        detail_en = f"{demo_companies:,} demo, {summary.other_companies:,} imported or registered"
    summary.message = (
        f"기존 데이터베이스를 그대로 씁니다: 기업 {summary.companies:,}곳 ({detail_ko}). / "
        f"Using the existing database as it is: {summary.companies:,} companies ({detail_en})."
    )
    return summary


def demo_load(*, seed: int) -> DemoSummary:
    """Load the demo data into a database without any organization; a database that holds some (the
    demo's, imported or registered ones) is left as it is and described, so demo rows never mix with
    real ones and nothing anyone added is lost. Refuses production."""
    # The stories notify their people as they go; nobody reads a demo's mail, so in the app only. Nor is
    # the load's SQL kept in Django's query log (DEBUG's), which on SQLite costs a query per query.
    with without_email(), override_settings(DEBUG=False):
        return _load(seed=seed)


@transaction.atomic
def _load(*, seed: int) -> DemoSummary:
    if settings.PRODUCTION:
        raise DemoRefusedError(
            "운영(production) 모드에서는 데모 데이터를 넣지 않습니다. / "
            "Refusing demo data in production mode."
        )
    if Organization.objects.exists():
        return _existing_database_summary()
    load_started = timezone.now()
    plan = demo_plan(seed=seed)
    organizations_write(plan)
    operator = accounts_write(plan)
    profiles_write(plan, operator=operator)
    suppliers = sourcing.suppliers_write(operator=operator, password=DEMO_PASSWORD)
    account_companies = {
        username: planned.organization for username, _, _, planned, _ in account_specs(plan) if planned
    }
    sourcing.requests_create(suppliers=suppliers, account_companies=account_companies)
    companies = {**suppliers, **{f"@{name}": company for name, company in account_companies.items()}}
    institutions = {p.tag: p.organization for p in plan if p.organization.kind != Organization.Kind.COMPANY}
    experts = challenges.experts_write(
        seed=seed, institutions=institutions, companies=companies, password=DEMO_PASSWORD
    )
    demo_totp_devices_write(joined_since=load_started)
    # An operator made by hand before the demo: nobody routes the demo's cases or publishes them.
    if operator is not None:
        cases = challenges.challenges_create(operator=operator, experts=experts, companies=companies)
        knowledge.articles_create(operator=operator, challenges=cases)
        talent.talent_create(seed=seed, operator=operator, suppliers=suppliers, password=DEMO_PASSWORD)
        incentives.incentives_create(seed=seed, operator=operator)
        graduate.graduate_create(
            seed=seed,
            operator=operator,
            institutions=institutions,
            companies=companies,
            cases=cases,
            password=DEMO_PASSWORD,
        )
        programs.programs_create(seed=seed, operator=operator, companies=companies)
    technopark = next(planned.organization for planned in plan if planned.tag == "technopark")
    summary = demo_summary(
        created=True, message=f"데모 데이터를 불러왔습니다 (seed {seed}). / Demo data loaded (seed {seed})."
    )
    activity_log(
        actor=None,
        verb="demo.data.loaded",
        target=technopark,
        summary=f"데모 데이터 적재: 뿌리기업 {summary.root_companies}곳 (seed {seed})",
        data={"seed": seed, "root_companies": summary.root_companies, "by_complex": summary.by_complex},
    )
    demo_ids = list(Organization.objects.filter(is_demo=True).values_list("pk", flat=True))
    # Written in bulk, so marked here: the robotics and bio-health buyers are no root industry.
    organizations_root_industry_refresh(organization_ids=demo_ids, log=False)
    index_refresh(doc_type="company", object_ids=demo_ids)
    planner_statistics_refresh()
    transaction.on_commit(lambda: django_cache.delete(DEMO_FLAG_CACHE_KEY))
    return summary
