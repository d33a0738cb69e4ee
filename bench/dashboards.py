"""Dashboard speed: each scope's dashboard rendered cold (a fresh cache, through the page) on the demo
Incheon, then again after the registry grows to BENCH_COMPANIES companies (100,000 by default: copies
of the demo companies with their sites and capabilities, 61 % outside any complex as in the national
factory file), and a complex's Excel and PDF reports at that size.

    .venv/bin/python bench/dashboards.py
    BENCH_COMPANIES=20000 .venv/bin/python bench/dashboards.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench .venv/bin/python bench/dashboards.py

Baseline in the same run: the directory's first page without facets (one count and 25 rows) at the
same size. Goals (issue 18): a dashboard under 1 s on the demo and under 2 s at 100,000 companies; a
complex's report under 10 s. Nothing is asserted: read the figures.
"""

import os
import random
import time

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ppuri.core.text import normalize_company_name
from ppuri.demo.services import demo_load
from ppuri.reference.models import Complex
from ppuri.registry.models import Capability, Organization, Site
from ppuri.registry.selectors import directory_base_queryset, directory_page_prefetch

TARGET = int(os.environ.get("BENCH_COMPANIES", "100000"))
SCOPES = ["incheon", "namdong", "juan", "bupyeong", "seobu"]
OUTSIDE_SHARE = 0.61  # data.go.kr 15105482: 61 % of registered factories are in no complex


def baseline_ms() -> float:
    start = time.perf_counter()
    organizations = directory_base_queryset()
    organizations.count()
    list(directory_page_prefetch(organizations.order_by("normalized_name", "id")[:25]))
    return (time.perf_counter() - start) * 1000


def cold(client: Client, url: str) -> tuple[float, int, int]:
    cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(queries), response.status_code


def line(label: str, ms: float, queries: int, status: int, base: float) -> None:
    print(f"  {label:<26} {ms:8.1f} ms  {queries:4d} queries  ratio {ms / base:6.1f}  [{status}]")


def report(label: str) -> None:
    client = Client(HTTP_HOST="127.0.0.1")  # the development settings allow the loopback addresses
    companies = directory_base_queryset(root_industry="any").count()
    base = baseline_ms()
    print(f"\n{label}: {companies:,} public companies · baseline (directory first page) {base:7.1f} ms")
    for url in [*(f"/dashboards/{scope}/" for scope in SCOPES), "/dashboards/map/?measure=hires"]:
        line(url, *cold(client, url), base)
    for fmt in ("xlsx", "pdf"):
        line(f"namdong report.{fmt}", *cold(client, f"/dashboards/namdong/report.{fmt}"), base)


def grow(target: int) -> None:
    """Copies of the demo companies (one site, one capability each) up to `target` public companies."""
    rng = random.Random(7)
    complexes = list(Complex.objects.all())
    weights = [8034, 1163, 1490, 400]  # companies per complex (domain-facts §3.1), Seobu's undated
    templates = list(Capability.objects.select_related("organization").order_by("pk")[:500])
    missing = target - directory_base_queryset(root_industry="any").count()
    batch = 5000
    made = 0
    while made < missing:
        size = min(batch, missing - made)
        organizations = []
        for n in range(size):
            name = f"벤치기업{made + n:06d}(주)"
            organizations.append(
                Organization(
                    name=name,
                    normalized_name=normalize_company_name(name),
                    is_root_industry=rng.random() < 0.4,
                )
            )
        Organization.objects.bulk_create(organizations, batch_size=1000)
        created = list(Organization.objects.filter(name__in=[o.name for o in organizations]).order_by("pk"))
        sites, capabilities = [], []
        for organization in created:
            inside = rng.random() >= OUTSIDE_SHARE
            sites.append(
                Site(
                    organization=organization,
                    complex=rng.choices(complexes, weights=weights)[0] if inside else None,
                    address="인천광역시 남동구 벤치로 1",
                    is_primary=True,
                )
            )
            template = rng.choice(templates)
            capabilities.append(Capability(organization=organization, process_id=template.process_id))
        Site.objects.bulk_create(sites, batch_size=1000)
        Capability.objects.bulk_create(capabilities, batch_size=1000)
        made += size


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    demo_load(seed=settings.PPURI_DEMO_SEED)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"dashboards benchmark · {engine}")
    report("demo Incheon")
    start = time.perf_counter()
    grow(TARGET)
    print(f"\n(grown to {TARGET:,} companies in {time.perf_counter() - start:.0f} s)")
    report(f"{TARGET:,} companies")


if __name__ == "__main__":
    main()
