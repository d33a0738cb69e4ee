"""Demo data: a deterministic, realistic but invented Incheon for `ppuri demo` and for trials.

`demo_load(seed=…)` fills an empty database once: ~2,400 root companies in the four complexes and
around them, the institutions of the 2019 cooperation agreement, robotics start-ups in 청라 and
bio-health companies in 송도 as buyers (organizations.py, companies.py, places.py), and one account
per role (accounts.py); then the sourcing round (sourcing.py) and the limit-technology desk's 180
experts and cases (challenges.py). Every organization is marked `is_demo`. Everything random comes
from `random.Random(seed)` and every date is relative to companies.REFERENCE_DATE, so the same seed
gives the same data on any day and any machine; the sourcing requests and the desk's cases count their
days from the day of loading instead (the services refuse deadlines in the past and stamp what they
write with the current time).

The data files under demo/data/ say what is real (roads, institutions, shares) and what is not.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import transaction
from django.db.models import Count

from ppuri.challenges.models import Expert
from ppuri.core.activity import activity_log
from ppuri.core.db import planner_statistics_refresh
from ppuri.core.notifications import without_email
from ppuri.demo import challenges, sourcing
from ppuri.demo.accounts import (
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    DemoAccount,
    account_specs,
    accounts_write,
    demo_accounts,
    supplier_accounts,
)
from ppuri.demo.organizations import COMPLEX_COMPANY_COUNTS, demo_plan, organizations_write, profiles_write
from ppuri.registry.context_processors import DEMO_FLAG_CACHE_KEY
from ppuri.registry.models import Capability, Organization, OrganizationCertification, Site
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
    sourcing_requests: dict[str, int] = field(default_factory=dict)  # status → count
    supplier_accounts: list[str] = field(default_factory=list)  # of the sourcing demo's suppliers
    experts: int = 0
    expert_accounts: list[str] = field(default_factory=list)  # besides `expert`, of the desk's demo
    challenges: dict[str, int] = field(default_factory=dict)  # status → count


def demo_summary(*, created: bool, message: str) -> DemoSummary:
    """Counts of the demo data in the database, and the demo accounts."""
    demo = Organization.objects.filter(is_demo=True)
    root = demo.filter(kind=Organization.Kind.COMPANY, capabilities__isnull=False).distinct()
    by_complex: dict[str, int] = {
        slug: Site.objects.filter(organization__in=root, is_primary=True, complex__slug=slug).count()
        for slug in COMPLEX_COMPANY_COUNTS
    }
    root_count = root.count()
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
    )


def demo_load(*, seed: int) -> DemoSummary:
    """Load the demo data once; a second call changes nothing and says so. Refuses a production
    database and one that already holds real organizations: demo rows must never mix with them."""
    # The sourcing story notifies its people as it goes; nobody reads a demo's mail, so in the app only.
    with without_email():
        return _load(seed=seed)


@transaction.atomic
def _load(*, seed: int) -> DemoSummary:
    if settings.PRODUCTION:
        raise DemoRefusedError(
            "운영(production) 모드에서는 데모 데이터를 넣지 않습니다. / "
            "Refusing demo data in production mode."
        )
    if Organization.objects.filter(is_demo=False).exists():
        raise DemoRefusedError(
            "실제 기관·기업이 있는 데이터베이스에는 데모 데이터를 넣지 않습니다. / "
            "Refusing demo data: this database already holds real organizations."
        )
    if Organization.objects.filter(is_demo=True).exists():
        return demo_summary(
            created=False, message="데모 데이터가 이미 있습니다. / Demo data is already loaded."
        )
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
    experts = challenges.experts_write(
        seed=seed,
        institutions={
            p.tag: p.organization for p in plan if p.organization.kind != Organization.Kind.COMPANY
        },
        companies=companies,
        password=DEMO_PASSWORD,
    )
    if operator is not None:  # an operator made by hand before the demo: nobody routes the demo's cases
        challenges.challenges_create(operator=operator, experts=experts, companies=companies)
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
    index_refresh(
        doc_type="company", object_ids=Organization.objects.filter(is_demo=True).values_list("pk", flat=True)
    )
    planner_statistics_refresh()
    transaction.on_commit(lambda: django_cache.delete(DEMO_FLAG_CACHE_KEY))
    return summary
