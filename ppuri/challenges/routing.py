"""Routing: which experts fit a challenge, and a batch assignment of many challenges at once.

An expert's fit for a case is a weighted sum in [0, 1] of what matches — technology, process,
material, defect type, keywords — of the similar cases the expert helped solve on the desk, and of
the affiliation's record in the technology. An expert is never proposed who declared a conflict with
the company, is unavailable, already has as many active cases as their capacity, or was offered the
case before. Each proposal states why.

The batch mode assigns many open cases together as a minimum-cost flow: cases → experts → the
experts' free slots, the k-th slot of an expert costing more the fuller the expert gets (so load
spreads), each case's edge worth its fit. Solved as a linear programme with HiGHS (scipy): the
constraint matrix of a flow is totally unimodular, so the optimum is integral — an exact assignment,
not a greedy one, with no expert over capacity by construction.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ppuri.challenges.models import Challenge, Expert, Offer
from ppuri.challenges.triage import terms_of

WEIGHTS = {
    "technology": 0.15,
    "process": 0.20,
    "material": 0.10,
    "defect": 0.25,
    "keywords": 0.10,
    "similar": 0.15,  # similar cases this expert helped solve on the desk
    "affiliation": 0.05,  # the affiliation's solved cases in the technology
}
PROPOSALS = 3
# Per case, the best-fitting eligible experts offered to the batch solver.
BATCH_CANDIDATES = 25
# How much a fuller expert costs in the batch: the k-th of c slots costs LOAD_COST × (k / c)².
LOAD_COST = 0.3
# What serving a case is worth beyond its fit, by urgency: when slots run short, a stopped line goes
# first.
URGENCY_WORTH = {"critical": 0.5, "high": 0.25, "normal": 0.0, "low": 0.0}


# A reason: a message marked with gettext_noop and its values (names go in as the objects themselves),
# worded in the reader's language when read.
Note = tuple[str, dict[str, Any]]


@dataclass
class Fit:
    expert: Expert
    score: float
    notes: list[Note]
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def reasons(self) -> list[str]:
        return [_(message) % values if values else _(message) for message, values in self.notes]


@dataclass
class _Profile:
    expert: Expert
    technologies: set[str]
    processes: set[str]
    materials: set[str]
    defects: set[str]
    keywords: set[str]
    conflicts: set[int]
    load: int


@lru_cache(maxsize=8_192)
def _keyword_terms(keyword: str) -> frozenset[str]:
    """A keyword's analysed terms. Experts share their keywords (열처리 변형, 아연도금 …), and a pool is
    read per page: analysing each every time cost a quarter second at 180 experts."""
    return frozenset(terms_of(keyword))


def _related(relation: str, attribute: str) -> defaultdict[int, set[Any]]:
    """Each expert's related rows' `attribute`, read as pairs from the relation's own table: a pool is
    read per page, and prefetching model objects for five relations took most of its time."""
    field = Expert._meta.get_field(relation)
    through = field.remote_field.through  # type: ignore[union-attr]
    pairs = through.objects.values_list(
        f"{field.m2m_field_name()}_id",  # type: ignore[union-attr]
        f"{field.m2m_reverse_field_name()}__{attribute}",  # type: ignore[union-attr]
    )
    found: defaultdict[int, set[Any]] = defaultdict(set)
    for expert_id, value in pairs:
        found[expert_id].add(value)
    return found


class ExpertPool:
    """Every expert's profile, load and record, read once for any number of cases."""

    def __init__(self, *, today: date | None = None, cases: Iterable[int] | None = None) -> None:
        """`cases`: the ids of the challenges to be routed, whose earlier offers are read (all when
        None); a page routing one case need not read the offers of every case ever routed."""
        self.today = today or timezone.localdate()
        experts = Expert.objects.select_related("organization").annotate(
            load=Count("offers", filter=Q(offers__status__in=Offer.ACTIVE))
        )
        technologies, processes = _related("technologies", "slug"), _related("processes", "slug")
        materials, defects = _related("materials", "slug"), _related("defects", "slug")
        conflicts = _related("conflicts", "pk")
        self.profiles = [
            _Profile(
                expert=expert,
                technologies=technologies[expert.pk],
                processes=processes[expert.pk],
                materials=materials[expert.pk],
                defects=defects[expert.pk],
                keywords=set().union(*(_keyword_terms(k) for k in expert.keywords))
                if expert.keywords
                else set(),
                conflicts=conflicts[expert.pk],
                load=expert.load,  # type: ignore[attr-defined]
            )
            for expert in experts
        ]
        # Cases each expert helped solve, and each affiliation's solved cases per technology.
        self.solved: dict[int, list[tuple[str, str]]] = defaultdict(list)
        self.affiliation_solved: dict[tuple[int, str], int] = defaultdict(int)
        helped = Offer.objects.filter(
            status__in=[Offer.Status.ACCEPTED, Offer.Status.COMPLETED],
            challenge__outcome__in=[Challenge.Outcome.SOLVED, Challenge.Outcome.PARTLY],
        ).values_list(
            "expert_id",
            "expert__organization_id",
            "challenge__defect__slug",
            "challenge__process__slug",
            "challenge__technology__slug",
        )
        for expert_id, organization_id, defect, process, technology in helped:
            self.solved[expert_id].append((defect or "", process or ""))
            if technology:
                self.affiliation_solved[(organization_id, technology)] += 1
        offered = Offer.objects.values_list("challenge_id", "expert_id")
        if cases is not None:
            offered = offered.filter(challenge_id__in=list(cases))
        self.offered: dict[int, set[int]] = defaultdict(set)
        for challenge_id, expert_id in offered:
            self.offered[challenge_id].add(expert_id)

    def eligible(self, profile: _Profile, challenge: Challenge) -> bool:
        expert = profile.expert
        if not expert.available or (expert.unavailable_until and expert.unavailable_until >= self.today):
            return False
        if challenge.company_id in profile.conflicts or expert.pk in self.offered.get(challenge.pk, set()):
            return False
        return profile.load < expert.capacity

    def fit(self, profile: _Profile, challenge: Challenge, words: set[str]) -> Fit | None:
        """The expert's fit for the case, or None when nothing of their expertise matches it."""
        technology = challenge.technology.slug if challenge.technology else ""
        process = challenge.process.slug if challenge.process else ""
        material = challenge.material.slug if challenge.material else ""
        defect = challenge.defect.slug if challenge.defect else ""
        parts = {
            "technology": float(bool(technology) and technology in profile.technologies),
            "process": float(bool(process) and process in profile.processes),
            "material": float(bool(material) and material in profile.materials),
            "defect": float(bool(defect) and defect in profile.defects),
        }
        shared = words & profile.keywords
        parts["keywords"] = min(1.0, len(shared) / 2)
        # The case's technology, process or defect must be theirs: a shared material or keyword alone
        # (a steel grade, "균열") would send a machining case to a forging metallurgist.
        if not (parts["technology"] or parts["process"] or parts["defect"]):
            return None
        similar = sum(
            1
            for d, p in self.solved.get(profile.expert.pk, [])
            if (defect and d == defect) or (process and p == process)
        )
        parts["similar"] = min(1.0, similar / 3)
        record = (
            self.affiliation_solved.get((profile.expert.organization_id, technology), 0) if technology else 0
        )
        parts["affiliation"] = min(1.0, record / 5)
        score = sum(WEIGHTS[name] * value for name, value in parts.items())
        notes: list[Note] = []
        if parts["defect"] and challenge.defect:
            notes.append((gettext_noop("%(defect)s 전문"), {"defect": challenge.defect}))
        if parts["process"] and challenge.process:
            notes.append((gettext_noop("%(process)s 공정 전문"), {"process": challenge.process}))
        elif parts["technology"] and challenge.technology:
            notes.append((gettext_noop("%(technology)s 분야"), {"technology": challenge.technology}))
        if parts["material"] and challenge.material:
            notes.append((gettext_noop("%(material)s 소재 경험"), {"material": challenge.material}))
        if shared:
            # Named by the expert's own keywords ("SCM440"), not the analysed terms (440, scm, scm440).
            named = [k for k in profile.expert.keywords if _keyword_terms(k) & shared][:3]
            notes.append((gettext_noop("키워드 일치: %(words)s"), {"words": ", ".join(named)}))
        if similar:
            notes.append((gettext_noop("비슷한 과제 해결 %(count)d건"), {"count": similar}))
        notes.append(
            (
                gettext_noop("%(organization)s · 진행 중 %(load)d/%(capacity)d건"),
                {
                    "organization": profile.expert.organization,  # named in the reader's language
                    "load": profile.load,
                    "capacity": profile.expert.capacity,
                },
            )
        )
        return Fit(expert=profile.expert, score=round(score, 4), notes=notes, parts=parts)

    def rank(self, challenge: Challenge, *, limit: int = PROPOSALS) -> list[Fit]:
        """The best-fitting eligible experts for one case, best first (ties: lighter load, then id)."""
        words = terms_of(f"{challenge.title}\n{challenge.description}")
        fits = []
        for profile in self.profiles:
            if self.eligible(profile, challenge):
                found = self.fit(profile, challenge, words)
                if found is not None:
                    fits.append((found, profile.load))
        fits.sort(key=lambda pair: (-pair[0].score, pair[1], pair[0].expert.pk))
        return [found for found, _load in fits[:limit]]


def rank_experts(challenge: Challenge, *, limit: int = PROPOSALS) -> list[Fit]:
    return ExpertPool(cases=[challenge.pk]).rank(challenge, limit=limit)


def assign_batch(
    challenges: Iterable[Challenge], *, per_case: int = 1, pool: ExpertPool | None = None
) -> dict[int, list[Fit]]:
    """Experts for many cases at once: each case gets up to `per_case` experts, no expert more than
    their free capacity, load spread by the rising cost of an expert's later slots, total fit as
    high as that allows. Cases no eligible expert fits get none."""
    # scipy is imported here, not with the module: a third of a second for every process (each web
    # worker, each command) that never routes a batch.
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    cases = list(challenges)
    pool = pool or ExpertPool(cases=[case.pk for case in cases])
    edges: list[tuple[int, int, Fit]] = []  # (case index, profile index, fit)
    index_of = {profile.expert.pk: i for i, profile in enumerate(pool.profiles)}
    for c, challenge in enumerate(cases):
        for found in pool.rank(challenge, limit=BATCH_CANDIDATES):
            edges.append((c, index_of[found.expert.pk], found))
    if not edges:
        return {challenge.pk: [] for challenge in cases}
    # Free slots of the experts that appear on some edge.
    used = sorted({e for _c, e, _fit in edges})
    slots: list[tuple[int, float]] = []  # (profile index, cost)
    for e in used:
        profile = pool.profiles[e]
        capacity = profile.expert.capacity
        for k in range(profile.load + 1, capacity + 1):
            slots.append((e, LOAD_COST * (k / capacity) ** 2))
    n_edges, n_slots = len(edges), len(slots)
    # Minimise: −(1 + fit + urgency) per assignment (every feasible one is worth making) + slot costs.
    worth = [1.0 + fit.score + URGENCY_WORTH.get(cases[c].urgency, 0.0) for c, _e, fit in edges]
    cost = np.concatenate([[-value for value in worth], [c for _e, c in slots]])
    rows, cols, values = [], [], []
    # Each case at most per_case experts.
    for j, (c, _e, _fit) in enumerate(edges):
        rows.append(c)
        cols.append(j)
        values.append(1.0)
    upper = [float(per_case)] * len(cases)
    a_ub = coo_matrix((values, (rows, cols)), shape=(len(cases), n_edges + n_slots))
    # Each expert's assignments fill its slots: Σ edges − Σ slots = 0.
    position = {e: i for i, e in enumerate(used)}
    rows, cols, values = [], [], []
    for j, (_c, e, _fit) in enumerate(edges):
        rows.append(position[e])
        cols.append(j)
        values.append(1.0)
    for j, (e, _cost) in enumerate(slots):
        rows.append(position[e])
        cols.append(n_edges + j)
        values.append(-1.0)
    a_eq = coo_matrix((values, (rows, cols)), shape=(len(used), n_edges + n_slots))
    result = linprog(
        cost,
        A_ub=a_ub.tocsr(),
        b_ub=upper,
        A_eq=a_eq.tocsr(),
        b_eq=np.zeros(len(used)),
        bounds=(0, 1),
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - a flow problem with these bounds is always feasible
        raise RuntimeError(f"batch assignment failed: {result.message}")
    assigned: dict[int, list[Fit]] = {challenge.pk: [] for challenge in cases}
    for j, (c, _e, found) in enumerate(edges):
        if result.x[j] > 0.5:
            assigned[cases[c].pk].append(found)
    for fits in assigned.values():
        fits.sort(key=lambda f: -f.score)
    return assigned


def load_after(assignment: dict[int, list[Fit]], pool: ExpertPool) -> dict[int, tuple[int, int]]:
    """Each expert's active cases after an assignment, against capacity: expert id → (load, capacity)."""
    added: dict[int, int] = defaultdict(int)
    for fits in assignment.values():
        for found in fits:
            added[found.expert.pk] += 1
    return {p.expert.pk: (p.load + added[p.expert.pk], p.expert.capacity) for p in pool.profiles}


def gini(values: list[float]) -> float:
    """The Gini coefficient of a load distribution: 0 when even, towards 1 when one takes all."""
    data = np.sort(np.asarray(values, dtype=float))
    if not data.size or not data.sum():
        return 0.0
    n = data.size
    return float((2 * np.arange(1, n + 1) - n - 1).dot(data) / (n * data.sum()))
