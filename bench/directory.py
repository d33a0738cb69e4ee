"""Directory speed on the demo Incheon: facet search vs a plain first page (the baseline, same run).

    .venv/bin/python bench/directory.py            # a fresh SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench .venv/bin/python bench/directory.py

Prints p50/p95 in milliseconds per query and the ratio to the baseline. Nothing is asserted: the goal
(a directory page well under 100 ms at demo scale) is read off the figures.
"""

import os
import statistics
import time
from collections.abc import Callable

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command

from ppuri.demo.services import demo_load
from ppuri.registry.models import Organization
from ppuri.registry.selectors import (
    DirectoryFilters,
    directory_base_queryset,
    directory_page_prefetch,
    directory_search,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def timed(run: Callable[[], object]) -> tuple[float, float]:
    run()  # warm caches and connections
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def first_page(filters: DirectoryFilters | None) -> None:
    if filters is None:
        organizations = directory_base_queryset()
        total = organizations.count()
    else:
        result = directory_search(filters)
        organizations, total = result.organizations, result.total
    page = list(directory_page_prefetch(organizations.order_by("normalized_name", "id")[:25]))
    assert total >= len(page)


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    demo_load(seed=settings.PPURI_DEMO_SEED)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    companies = directory_base_queryset().count()
    organizations = Organization.objects.count()
    print(
        f"directory benchmark · {engine} · {companies:,} public companies · {organizations:,} organizations"
    )
    base_p50, base_p95 = timed(lambda: first_page(None))
    print(
        f"{'baseline: first page, no facets':<48} p50 {base_p50:7.1f} ms  p95 {base_p95:7.1f} ms  ratio 1.0"
    )
    cases = {
        "all companies, 6 facets": DirectoryFilters(),
        "technology=casting": DirectoryFilters(technology=["casting"]),
        "complex=namdong + technology=heat-treatment": DirectoryFilters(
            complex=["namdong"], technology=["heat-treatment"]
        ),
        "material=aluminum + certification=iso-9001": DirectoryFilters(
            material=["aluminum"], certification=["iso-9001"]
        ),
        "name q=정밀": DirectoryFilters(q="정밀"),
    }
    for label, filters in cases.items():
        p50, p95 = timed(lambda f=filters: first_page(f))
        print(f"{label:<48} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ratio {p50 / base_p50:5.1f}")


if __name__ == "__main__":
    main()
