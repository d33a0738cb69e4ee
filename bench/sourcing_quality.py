"""Sourcing quality on the demo Incheon: does the matcher put the supplier a buyer would pick among the
first three of each process step, and build its best chain from them?

    .venv/bin/python bench/sourcing_quality.py   # a fresh SQLite file in a temporary folder, removed after
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench .venv/bin/python bench/sourcing_quality.py

Loads the demo (migrate, then demo_load with PPURI_DEMO_SEED) into the scratch database, then runs
`ppuri.sourcing.matching.match` on every labelled request of bench/sourcing_requests.toml
(BENCH_REQUESTS=path for another set). The labels name, per step, the suppliers a buyer would want
first — the demo's hand-written suppliers (ppuri/demo/data/sourcing.toml), chosen by hand from their
profiles, not from the matcher's rules.

Figures, per request and overall:
- step hit@3: an expected supplier is among the first three candidates of the step (a step the
  matcher did not infer counts as a miss);
- chain hit: the best chain is made of expected suppliers — it has the expected steps, no other, and
  an expected supplier at each;
- inference: for requests without processes, whether the inferred steps are the expected ones, in
  the expected order.
Two naive baselines rank the same steps (the matcher's, inferred or given), in the same run:
- by name: every public company with a capability for the process, in name order;
- by search score: the same companies ordered by the search index's score for the request's text
  (ppuri.search.selectors.scores, the matcher's relevance signal on its own).
Their chain is the first company of each step. Each miss is listed with the expected supplier's rank
and score parts, or the hard filter that dropped it. Nothing is asserted: the goal (≥ 95 % per step)
is read off the output.
"""

import itertools
import os
import statistics
import time
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from ppuri.demo.services import demo_load
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Capability, Organization, OrganizationCertification
from ppuri.search.selectors import scores
from ppuri.sourcing.matching import KM_PENALTY, Candidate, MatchResult, PartSpec, haversine_km, match

TOP = 3
REQUESTS = Path(os.environ.get("BENCH_REQUESTS", Path(__file__).with_name("sourcing_requests.toml")))


@dataclass
class Labelled:
    id: str
    spec: PartSpec
    expect: dict[str, set[int]]  # process slug → organization ids a buyer would want first
    inferred: bool  # no processes given: the matcher infers them


@dataclass
class Outcome:
    hits: dict[str, bool]  # per expected step
    chain: bool
    top: dict[str, list[Candidate]] = field(default_factory=dict)  # per step, every candidate in order


def load_requests() -> list[Labelled]:
    with REQUESTS.open("rb") as handle:
        rows = tomllib.load(handle)["request"]
    processes = {p.slug: p for p in Process.objects.select_related("technology")}
    materials = {m.slug: m for m in Material.objects.all()}
    certifications = {c.slug: c for c in Certification.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.all()}
    complexes = {c.slug: c for c in Complex.objects.all()}
    names = {name for row in rows for expected in row["expect"].values() for name in expected}
    by_name = dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))
    unknown = names - set(by_name)
    if unknown:
        raise SystemExit(f"labels name companies the demo does not have: {', '.join(sorted(unknown))}")
    labelled = []
    for row in rows:
        spec = PartSpec(
            title=row["title"],
            description=row["description"],
            material=materials[row["material"]] if row.get("material") else None,
            processes=tuple(processes[slug] for slug in row["processes"]),
            quantity=row["quantity"],
            certifications=tuple(certifications[slug] for slug in row.get("certifications", [])),
            sector=sectors[row["sector"]] if row.get("sector") else None,
            complexes=tuple(complexes[slug] for slug in row.get("complexes", [])),
            deadline=date.fromisoformat(row["deadline"]),
        )
        expect = {slug: {by_name[name] for name in expected} for slug, expected in row["expect"].items()}
        labelled.append(Labelled(row["id"], spec, expect, inferred=not row["processes"]))
    return labelled


def evaluate(labelled: Labelled, result: MatchResult) -> Outcome:
    ranked = {
        slug: sorted(candidates, key=lambda c: (-c.score, c.organization_id))
        for slug, candidates in result.suppliers.items()
    }
    hits = {
        slug: any(c.organization_id in expected for c in ranked.get(slug, [])[:TOP])
        for slug, expected in labelled.expect.items()
    }
    # Made of expected suppliers: every step of the best chain is an expected one (in any order, so
    # that a wrong inferred order shows under inference only) and takes an expected supplier.
    best = result.chains[0].steps if result.chains else []
    chain = {s.process.slug for s in best} == set(labelled.expect) and all(
        s.candidate.organization_id in labelled.expect[s.process.slug] for s in best
    )
    return Outcome(hits, chain, ranked)


def baselines(labelled: Labelled, slugs: list[str]) -> tuple[Outcome, Outcome]:
    """By name and by search score alone, over every public company with the step's process."""
    relevance = {
        int(object_id): score
        for object_id, score in scores(
            query=f"{labelled.spec.title} {labelled.spec.description}", doc_type="company"
        ).items()
        if object_id.isdigit()
    }
    by_name: dict[str, list[int]] = {}
    by_search: dict[str, list[int]] = {}
    for slug in slugs:
        capable = list(
            Capability.objects.filter(
                process__slug=slug,
                organization__is_public=True,
                organization__kind=Organization.Kind.COMPANY,
            )
            .order_by("organization__normalized_name", "organization_id")
            .values_list("organization_id", flat=True)
        )
        by_name[slug] = capable
        by_search[slug] = sorted(capable, key=lambda pk: -relevance.get(pk, 0.0))  # stable: ties by name
    outcomes = []
    for ranking in (by_name, by_search):
        hits = {
            slug: any(pk in expected for pk in ranking.get(slug, [])[:TOP])
            for slug, expected in labelled.expect.items()
        }
        chain = set(ranking) == set(labelled.expect) and all(
            ranking[slug] and ranking[slug][0] in labelled.expect[slug] for slug in ranking
        )
        outcomes.append(Outcome(hits, chain))
    return outcomes[0], outcomes[1]


def why_filtered(organization_id: int, process: Process, spec: PartSpec) -> str:
    """The hard filter that keeps an expected supplier out of a step."""
    capability = (
        Capability.objects.filter(organization_id=organization_id, process=process)
        .prefetch_related("materials")
        .first()
    )
    if capability is None:
        return f"no {process.slug} capability"
    materials = {m.pk for m in capability.materials.all()}
    if (
        spec.material is not None
        and spec.material.pk not in materials
        and (materials or not process.materials.filter(pk=spec.material.pk).exists())
    ):
        return f"material {spec.material.slug} not listed"
    on = spec.deadline or date.today()
    for certification in spec.certifications:
        held = OrganizationCertification.objects.filter(
            organization_id=organization_id, certification=certification
        ).first()
        if held is None:
            return f"no {certification.slug}"
        if held.valid_until is not None and held.valid_until < on:
            return f"{certification.slug} valid until {held.valid_until}, deadline {on}"
    return "size or weight over the declared limit"


def chain_miss(labelled: Labelled, result: MatchResult, outcome: Outcome) -> str:
    """The best chain beside the chain of expected suppliers: fit per step and the km between them."""
    best = result.chains[0]
    found = " → ".join(f"{s.candidate.name} {s.candidate.score:.3f}" for s in best.steps)
    lines = [f"best chain {found}: {best.score:.3f} = fit − {KM_PENALTY}/km × {best.total_distance_km} km"]
    expected: list[Candidate] = []
    for step in best.steps:
        wanted = labelled.expect.get(step.process.slug, set())
        first = next((c for c in outcome.top[step.process.slug] if c.organization_id in wanted), None)
        if first is None or first.latitude is None or first.longitude is None:
            return lines[0]
        expected.append(first)
    km = 0.0
    for a, b in itertools.pairwise(expected):
        if a.organization_id != b.organization_id:
            km += haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
    fit = sum(c.score for c in expected)
    names = " → ".join(f"{c.name} {c.score:.3f}" for c in expected)
    lines.append(f"expected chain {names}: {fit - KM_PENALTY * km:.3f} over {km:.1f} km")
    return "\n      ".join(lines)


def describe(candidate: Candidate) -> str:
    parts = " ".join(f"{name[:4]} {value:.2f}" for name, value in candidate.parts.items())
    return f"{candidate.name} {candidate.score:.3f} ({parts})"


def rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100 * hits / max(total, 1):5.1f} %"


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    started = time.perf_counter()
    summary = demo_load(seed=settings.PPURI_DEMO_SEED)
    print(
        f"sourcing quality · {engine} · demo seed {settings.PPURI_DEMO_SEED}: "
        f"{summary.root_companies:,} root companies loaded in {time.perf_counter() - started:,.0f} s",
        flush=True,
    )
    labelled = load_requests()
    processes = {p.slug: p for p in Process.objects.all()}
    for request in labelled:  # warm the analyzer and the doc values once
        match(request.spec)
    steps = sum(len(r.expect) for r in labelled)
    print(
        f"{len(labelled)} labelled requests, {steps} steps ({REQUESTS.name}); "
        f"hit = an expected supplier in the top {TOP}"
    )
    print(f"{'request':<34} {'steps':>6} {'chain':>6} {'by name':>8} {'search':>7} {'ms':>6}")
    totals = {"match": [0, 0], "name": [0, 0], "search": [0, 0]}
    inference = [0, 0]
    misses: list[str] = []
    times = []
    for request in labelled:
        began = time.perf_counter()
        result = match(request.spec, suppliers_per_step=100_000)
        times.append((time.perf_counter() - began) * 1000)
        slugs = [p.slug for p in result.processes]
        outcome = evaluate(request, result)
        name_outcome, search_outcome = baselines(request, slugs)
        for key, found in (("match", outcome), ("name", name_outcome), ("search", search_outcome)):
            totals[key][0] += sum(found.hits.values())
            totals[key][1] += found.chain
        if request.inferred:
            inference[1] += 1
            inference[0] += slugs == list(request.expect)
            if slugs != list(request.expect):
                misses.append(
                    f"  {request.id}: inferred {slugs or 'nothing'}, expected {list(request.expect)}"
                )

        def cell(found: Outcome) -> str:
            return f"{sum(found.hits.values())}/{len(found.hits)}{'' if all(found.hits.values()) else '✗'}"

        print(
            f"{request.id:<34} {cell(outcome):>6} {'✓' if outcome.chain else '✗':>6} "
            f"{cell(name_outcome):>8} {cell(search_outcome):>7} {times[-1]:6.0f}"
        )
        for slug, hit in outcome.hits.items():
            if hit:
                continue
            ranked = outcome.top.get(slug, [])
            top = "; ".join(describe(c) for c in ranked[:TOP]) or "no candidate"
            expected = [
                (rank, c) for rank, c in enumerate(ranked, 1) if c.organization_id in request.expect[slug]
            ]
            if expected:
                rank, candidate = expected[0]
                where = f"rank {rank} of {len(ranked)}: {describe(candidate)}"
            elif slug in processes and slug in slugs:
                where = "filtered out: " + "; ".join(
                    why_filtered(pk, processes[slug], request.spec) for pk in request.expect[slug]
                )
            else:
                where = "step not inferred"
            misses.append(f"  {request.id} / {slug}: expected {where}\n      top {TOP}: {top}")
        if not outcome.chain and result.chains:
            misses.append(f"  {request.id}: {chain_miss(request, result, outcome)}")
    chains = len(labelled)
    print()
    print(
        f"matcher            step hit@{TOP} {rate(totals['match'][0], steps)}   "
        f"chain {rate(totals['match'][1], chains)}"
    )
    for key, label in (("name", "baseline by name  "), ("search", "baseline by search")):
        ratio = totals["match"][0] / totals[key][0] if totals[key][0] else float("inf")
        print(
            f"{label} step hit@{TOP} {rate(totals[key][0], steps)}   chain {rate(totals[key][1], chains)}"
            f"   matcher/baseline {ratio:.2f}×"
        )
    print(f"inference          {inference[0]}/{inference[1]} requests inferred exactly the expected steps")
    print(
        f"match() per request: p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
        "(every candidate kept)"
    )
    if misses:
        print("\nmisses:")
        print("\n".join(misses))
    connection.close()


if __name__ == "__main__":
    main()
