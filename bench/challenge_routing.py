"""Routing of the limit-technology desk over the demo's 180 experts: does triage read a case's fields,
does the routing put an expert who fits among its first three, and how does the batch spread many
open cases over the experts' capacity?

    .venv/bin/python bench/challenge_routing.py   # a fresh SQLite file in a temporary folder, removed after
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench .venv/bin/python bench/challenge_routing.py

Loads the demo (migrate, then demo_load with PPURI_DEMO_SEED: 180 experts, 26 cases in every state,
whose offers load some experts and whose solved cases are the routing's record). Then:

1. Labelled cases (bench/challenge_cases.toml; BENCH_CASES=path for another set), each with the fields
   an operator would confirm and the experts who fit, named by their keys in experts.toml (a group key
   stands for every member). Figures:
   - triage: per field, triage.classify() on title and description against the label, with the
     demo's confirmed cases as history (as on the desk) and with the vocabulary alone;
   - routing hit@3: ExpertPool().rank() of the case with the labelled fields (as after triage) has an
     expert who fits among its first three; hit@1 beside it;
   - baseline, same run: the eligible experts whose technologies include the case's, by id.
   Each miss is listed with the routing's three and the best-placed expert who fits, with score parts.
2. BENCH_BATCH (default 500) open cases, drawn with BENCH_SEED (default the demo seed) from the demo's
   root companies as their problems would come: a company, one of its processes, a defect of that
   technology and one of its materials. They are written as triaged challenges inside a transaction
   that is rolled back at the end, and routed at once with routing.assign_batch(cases, per_case=1).
   Figures: time, cases served, experts used, the highest load against capacity (never above),
   the Gini coefficient of the experts' load (routing.gini, all experts) and the total fit; and the
   same for a greedy baseline that gives each case in turn to its best-fitting eligible expert with a
   free slot, as ratios. Per technology, the cases against the free slots of the experts who know it.

Nothing is asserted: the goal (hit@3 ≥ 90 %) is read off the output.
"""

import os
import random
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ppuri.challenges import routing, triage
from ppuri.challenges.models import Challenge, Expert
from ppuri.challenges.routing import ExpertPool, Fit, assign_batch, gini
from ppuri.challenges.triage import FIELDS, classify
from ppuri.demo.challenges import expert_plan
from ppuri.demo.services import demo_load
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.registry.models import Capability, Organization

TOP = 3
CASES = Path(os.environ.get("BENCH_CASES", Path(__file__).with_name("challenge_cases.toml")))
BATCH = int(os.environ.get("BENCH_BATCH", "500"))


@dataclass
class Labelled:
    id: str
    challenge: Challenge  # unsaved, with the labelled fields
    labels: dict[str, str]  # field → slug ("" when none)
    fit: set[int]  # expert ids


def expert_keys() -> dict[str, set[int]]:
    """experts.toml keys — members and groups — to the demo's expert ids (names are unique)."""
    ids = dict(Expert.objects.filter(organization__is_demo=True).values_list("name", "pk"))
    keys: dict[str, set[int]] = defaultdict(set)
    for planned in expert_plan(seed=settings.PPURI_DEMO_SEED):
        keys[planned.key].add(ids[planned.name])
        keys[planned.group].add(ids[planned.name])
    return keys


def neutral_company() -> Organization:
    """A demo root company no expert declared a conflict with and that posted no demo case."""
    company = (
        Organization.objects.filter(
            is_demo=True, kind=Organization.Kind.COMPANY, capabilities__isnull=False, challenges__isnull=True
        )
        .exclude(conflicted_experts__isnull=False)
        .order_by("pk")
        .first()
    )
    assert company is not None
    return company


def load_cases() -> list[Labelled]:
    with CASES.open("rb") as handle:
        rows = tomllib.load(handle)["case"]
    models: dict[str, Any] = {
        "technology": Technology,
        "process": Process,
        "material": Material,
        "defect": Defect,
    }
    vocabulary = {name: {row.slug: row for row in model.objects.all()} for name, model in models.items()}
    keys = expert_keys()
    unknown = {key for row in rows for key in row["experts"] if key not in keys}
    if unknown:
        raise SystemExit(f"labels name experts the demo does not have: {', '.join(sorted(unknown))}")
    company = neutral_company()
    labelled = []
    for row in rows:
        labels = {name: row.get(name, "") for name in FIELDS}
        challenge = Challenge(
            company=company,
            title=row["title"],
            description=row["description"],
            **{name: vocabulary[name][slug] if slug else None for name, slug in labels.items()},
        )
        fit = set().union(*(keys[key] for key in row["experts"]))
        labelled.append(Labelled(row["id"], challenge, labels, fit))
    return labelled


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100 * hits / max(total, 1):5.1f} %"


def describe(found: Fit, names: dict[int, str]) -> str:
    parts = " ".join(f"{name[:4]} {value:.2f}" for name, value in found.parts.items() if value)
    return f"{names[found.expert.pk]} {found.score:.3f} ({parts})"


def triage_accuracy(labelled: list[Labelled]) -> None:
    print(f"triage: classify() against the labels, {len(labelled)} cases")
    for title, history in (("with the demo's confirmed cases", None), ("vocabulary alone", [])):
        correct: Counter[str] = Counter()
        misses = []
        for case in labelled:
            proposal = classify(f"{case.challenge.title}\n{case.challenge.description}", history=history)
            for name in FIELDS:
                if proposal.values[name] == case.labels[name]:
                    correct[name] += 1
                elif history is None:
                    found = proposal.values[name] or "—"
                    misses.append(f"    {case.id} {name}: {found}, label {case.labels[name] or '—'}")
        cells = "   ".join(f"{name} {rate(correct[name], len(labelled))}" for name in FIELDS)
        print(f"  {title:<32} {cells}")
        if misses:
            print("  misses (with history):")
            print("\n".join(misses))


def triaged(case: Labelled) -> Challenge:
    """The case as classify() reads it, instead of the labels."""
    proposal = classify(f"{case.challenge.title}\n{case.challenge.description}")
    return Challenge(
        company=case.challenge.company,
        title=case.challenge.title,
        description=case.challenge.description,
        **triage.resolve(proposal.values),
    )


def routing_hits(labelled: list[Labelled]) -> None:
    pool = ExpertPool()
    ids = dict(Expert.objects.filter(organization__is_demo=True).values_list("name", "pk"))
    names = {ids[p.name]: f"{p.key} {p.name}" for p in expert_plan(seed=settings.PPURI_DEMO_SEED)}
    print(
        f"\nrouting: ExpertPool().rank() after the labelled triage; hit = an expert who fits in the top {TOP}"
    )
    print(f"{'case':<40} {'hit@3':>6} {'hit@1':>6} {'baseline':>9} {'fit/ranked':>11}")
    totals: Counter[str] = Counter()
    misses = []
    for case in labelled:
        ranked = pool.rank(case.challenge, limit=len(pool.profiles))
        top = [f.expert.pk for f in ranked[:TOP]]
        hit = any(pk in case.fit for pk in top)
        first = bool(top) and top[0] in case.fit
        technology = case.labels["technology"]
        by_technology = sorted(
            p.expert.pk
            for p in pool.profiles
            if technology in p.technologies and pool.eligible(p, case.challenge)
        )
        baseline = any(pk in case.fit for pk in by_technology[:TOP])
        eligible_fit = sum(
            1 for p in pool.profiles if p.expert.pk in case.fit and pool.eligible(p, case.challenge)
        )
        totals["all"] += len(top) == TOP and all(pk in case.fit for pk in top)
        automatic = triaged(case)
        if any(f.expert.pk in case.fit for f in pool.rank(automatic)):
            totals["auto"] += 1
        else:
            read = ", ".join(getattr(automatic, name).slug for name in FIELDS if getattr(automatic, name))
            misses.append(
                f"  {case.id} after classify() ({read or 'nothing read'}): nobody who fits in the top {TOP}"
            )
        totals["hit"] += hit
        totals["first"] += first
        totals["baseline"] += baseline
        mark = "✓" if hit else "✗"
        print(
            f"{case.id:<40} {mark:>6} {'✓' if first else '·':>6} {'✓' if baseline else '✗':>9} "
            f"{eligible_fit:>6}/{len(ranked):<6}"
        )
        if not hit:
            expected = [(rank, f) for rank, f in enumerate(ranked, 1) if f.expert.pk in case.fit]
            where = (
                f"first who fits at rank {expected[0][0]}: {describe(expected[0][1], names)}"
                if expected
                else "no expert who fits is eligible and matches"
            )
            shown = "; ".join(describe(f, names) for f in ranked[:TOP]) or "nobody"
            misses.append(f"  {case.id}: {where}\n      top {TOP}: {shown}")
    n = len(labelled)
    print()
    print(f"routing   hit@{TOP} {rate(totals['hit'], n)}   hit@1 {rate(totals['first'], n)}")
    print(
        f"routing   all {TOP} fit {rate(totals['all'], n)}   after classify() instead of the labels: "
        f"hit@{TOP} {rate(totals['auto'], n)}"
    )
    print(
        f"baseline  hit@{TOP} {rate(totals['baseline'], n)}   (technology match alone, by id)   "
        f"routing/baseline {ratio(totals['hit'], totals['baseline'])}"
    )
    if misses:
        print("\nmisses:")
        print("\n".join(misses))


def open_cases(count: int, seed: int) -> list[Challenge]:
    """Problems as the demo's root companies would post them, written as triaged challenges."""
    rng = random.Random(f"{seed}:bench-cases")
    capabilities = list(
        Capability.objects.filter(organization__is_demo=True, organization__kind=Organization.Kind.COMPANY)
        .select_related("organization", "process__technology")
        .prefetch_related("materials", "process__materials")
        .order_by("pk")
    )
    defects: dict[int, list[Defect]] = defaultdict(list)
    for defect in Defect.objects.order_by("pk"):
        defects[defect.technology_id].append(defect)
    now = timezone.now()
    cases = []
    for _ in range(count):
        capability = rng.choice(capabilities)
        process = capability.process
        defect = rng.choice(defects[process.technology_id])
        materials = list(capability.materials.all()) or list(process.materials.all())
        material = rng.choice(materials) if materials else None
        what = f"{material.name_ko} " if material else ""
        cases.append(
            Challenge(
                company=capability.organization,
                title=f"{process.name_ko} {defect.name_ko} 문제",
                description=f"{what}부품의 {process.name_ko} 공정에서 {defect.name_ko} 불량이 생깁니다.",
                technology=process.technology,
                process=process,
                material=material,
                defect=defect,
                status=Challenge.Status.TRIAGED,
                triaged_at=now,
            )
        )
    return Challenge.objects.bulk_create(cases)


@dataclass
class Spread:
    served: int
    experts_used: int
    highest: float  # load / capacity, highest of all experts
    over: int  # experts over capacity
    gini: float
    total_fit: float
    off_technology: int  # cases given to an expert who does not know their technology
    seconds: float


def spread(assignment: dict[int, list[Fit]], pool: ExpertPool, seconds: float) -> Spread:
    loads = routing.load_after(assignment, pool)
    used = {f.expert.pk for fits in assignment.values() for f in fits}
    fits = [f for found in assignment.values() for f in found]
    return Spread(
        served=sum(1 for fits in assignment.values() if fits),
        experts_used=len(used),
        highest=max(load / capacity for load, capacity in loads.values()),
        over=sum(1 for load, capacity in loads.values() if load > capacity),
        gini=gini([load for load, _capacity in loads.values()]),
        total_fit=sum(f.score for f in fits),
        off_technology=sum(1 for f in fits if not f.parts.get("technology")),
        seconds=seconds,
    )


def free(profile: routing._Profile, pool: ExpertPool) -> bool:
    """Available today and under capacity: may take some case (conflicts aside)."""
    expert = profile.expert
    away = not expert.available or (expert.unavailable_until and expert.unavailable_until >= pool.today)
    return not away and profile.load < expert.capacity


def greedy(cases: list[Challenge], pool: ExpertPool) -> dict[int, list[Fit]]:
    """Each case in turn to its best-fitting eligible expert that still has a free slot."""
    added: Counter[int] = Counter()
    capacity = {p.expert.pk: (p.load, p.expert.capacity) for p in pool.profiles}
    assignment: dict[int, list[Fit]] = {}
    for case in cases:
        assignment[case.pk] = []
        for found in pool.rank(case, limit=len(pool.profiles)):
            load, limit = capacity[found.expert.pk]
            if load + added[found.expert.pk] < limit:
                added[found.expert.pk] += 1
                assignment[case.pk] = [found]
                break
    return assignment


def batch_spread(seed: int) -> None:
    with transaction.atomic():
        cases = open_cases(BATCH, seed)
        started = time.perf_counter()
        pool = ExpertPool()
        pool_seconds = time.perf_counter() - started
        started = time.perf_counter()
        batch = assign_batch(cases, per_case=1, pool=pool)
        batch_seconds = time.perf_counter() - started
        started = time.perf_counter()
        baseline = greedy(cases, pool)
        greedy_seconds = time.perf_counter() - started
        slots = sum(max(0, p.expert.capacity - p.load) for p in pool.profiles if free(p, pool))
        print(
            f"\nbatch: {len(cases)} open cases over {len(pool.profiles)} experts "
            f"({slots} free slots of available experts; the pool read in {pool_seconds * 1000:.0f} ms)"
        )
        results = {
            "assign_batch": spread(batch, pool, batch_seconds),
            "greedy": spread(baseline, pool, greedy_seconds),
        }
        print(
            f"{'':<13} {'time':>8} {'served':>7} {'off tech':>9} {'experts':>8} {'max load/cap':>13} "
            f"{'over cap':>9} {'Gini':>6} {'total fit':>10}"
        )
        for name, found in results.items():
            print(
                f"{name:<13} {found.seconds:7.2f}s {found.served:>7} {found.off_technology:>9} "
                f"{found.experts_used:>8} {found.highest:>13.2f} {found.over:>9} {found.gini:>6.3f} "
                f"{found.total_fit:>10.1f}"
            )
        mine, theirs = results["assign_batch"], results["greedy"]
        print(
            f"assign_batch / greedy: served {ratio(mine.served, theirs.served)}, experts used "
            f"{ratio(mine.experts_used, theirs.experts_used)}, Gini {ratio(mine.gini, theirs.gini)}, "
            f"total fit {ratio(mine.total_fit, theirs.total_fit)}, time {ratio(mine.seconds, theirs.seconds)}"
        )
        print(
            "  off tech: served by an expert without the case's technology (the fit matched only the "
            "material, a keyword or the record)"
        )
        per_technology(cases, pool, batch, baseline)
        transaction.set_rollback(True)


def per_technology(
    cases: list[Challenge], pool: ExpertPool, batch: dict[int, list[Fit]], baseline: dict[int, list[Fit]]
) -> None:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        slug = case.technology.slug if case.technology else ""
        rows[slug]["cases"] += 1
        rows[slug]["batch"] += bool(batch[case.pk])
        rows[slug]["greedy"] += bool(baseline[case.pk])
    for profile in pool.profiles:
        if free(profile, pool):
            for slug in profile.technologies:
                rows[slug]["slots"] += max(0, profile.expert.capacity - profile.load)
    print(f"\n{'technology':<24} {'cases':>6} {'free slots':>11} {'batch':>6} {'greedy':>7}")
    for slug, row in sorted(rows.items(), key=lambda pair: -pair[1]["cases"]):
        if row["cases"]:
            print(f"{slug:<24} {row['cases']:>6} {row['slots']:>11} {row['batch']:>6} {row['greedy']:>7}")


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    started = time.perf_counter()
    summary = demo_load(seed=settings.PPURI_DEMO_SEED)
    print(
        f"challenge routing · {engine} · demo seed {settings.PPURI_DEMO_SEED}: {summary.experts} experts, "
        f"{sum(summary.challenges.values())} demo cases, loaded in {time.perf_counter() - started:,.0f} s",
        flush=True,
    )
    labelled = load_cases()
    triage_accuracy(labelled)
    routing_hits(labelled)
    batch_spread(int(os.environ.get("BENCH_SEED", settings.PPURI_DEMO_SEED)))
    connection.close()


if __name__ == "__main__":
    main()
