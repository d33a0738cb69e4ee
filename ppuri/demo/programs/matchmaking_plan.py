"""Who takes part in the demo's matchmaking day and who asks to meet whom (data/programs.toml, [event]).

`event_candidates` reads the registry once (the participants a seed picks: the sourcing suppliers and the
supplier accounts' companies, then generated root companies of Namdong and Seobu, the `buyer` account's
robot firm and other robot firms of Cheongna, and the investors of three leads); `event_plan` is pure
over them: each robot firm's two needs, the requests — robot firms and investors asking root
companies that work in the technology they need, root companies asking the robot firms and investors
whose needs they can serve — each with its reason, its answer and its days."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.dating import weekday
from ppuri.registry.models import Capability, Organization

ANSWERS = ("accepted", "declined", "cancelled", "pending")


@dataclass(frozen=True)
class Candidate:
    """A participant to be: `key` is "org:<pk>" for a registry company, "lead:<code name>" for an
    investor; `processes` maps each technology it works in (slug) to one of its processes' names."""

    key: str
    name: str
    kind: str  # root, buyer or investor
    processes: dict[str, str] = field(default_factory=dict)
    wants: tuple[str, ...] = ()  # an investor's technologies (its lead's)
    organization_id: int | None = None


@dataclass(frozen=True)
class Need:
    technology: str
    text: str


@dataclass(frozen=True)
class PlannedRequest:
    requester: str
    target: str
    reason: str
    answer: str
    asked_on: date
    answered_on: date


@dataclass
class EventPlan:
    held_on: date
    participants: list[Candidate]
    needs: dict[str, list[Need]]  # a robot firm's or an investor's needs, by key
    registered_on: dict[str, date]
    requests: list[PlannedRequest]


def _config() -> dict[str, Any]:
    return data_file("programs.toml")["event"]


def _processes(organization_ids: list[int]) -> dict[int, dict[str, str]]:
    """Per company: technology slug → the name of its first capability's process in it."""
    found: dict[int, dict[str, str]] = {pk: {} for pk in organization_ids}
    rows = (
        Capability.objects.filter(organization_id__in=organization_ids)
        .order_by("organization_id", "pk")
        .values_list("organization_id", "process__technology__slug", "process__name_ko")
    )
    for organization_id, technology, process in rows:
        found[organization_id].setdefault(technology, process)
    return found


def event_candidates(
    *, seed: int, companies: dict[str, Organization], investors: dict[str, list[str]]
) -> list[Candidate]:
    """The day's 40 participants to be, in registration order. `companies` are the sourcing suppliers
    by key and the demo accounts' companies as "@username"; `investors` the leads' code names with
    their technologies."""
    config = _config()
    rng = random.Random(seed + 29)
    fixed = [company for key, company in companies.items() if not key.startswith("@")]
    fixed += [companies[key] for key in ("@supplier", "@supplier2") if key in companies]
    taken = {company.pk for company in fixed}
    generated = list(
        Organization.objects.filter(
            is_demo=True,
            kind=Organization.Kind.COMPANY,
            sites__is_primary=True,
            sites__complex__slug__in=("namdong", "seobu"),
            employees__gte=10,
            capabilities__isnull=False,
        )
        .exclude(pk__in=taken)
        .distinct()
        .order_by("pk")
        .values_list("pk", "name")[:400]
    )
    wanted_roots = config["root_companies"] - len(fixed)
    picked = rng.sample(generated, min(wanted_roots, len(generated))) if wanted_roots > 0 else []
    roots = [(company.pk, company.name) for company in fixed] + picked
    robots = list(
        Organization.objects.filter(
            is_demo=True, kind=Organization.Kind.COMPANY, sectors__slug="robotics", capabilities__isnull=True
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", "name")
    )
    own = companies.get("@buyer")
    first = [(own.pk, own.name)] if own is not None else []
    others = [row for row in robots if own is None or row[0] != own.pk]
    buyers = first + rng.sample(others, min(config["robot_buyers"] - len(first), len(others)))
    processes = _processes([pk for pk, _ in roots])
    candidates = [
        Candidate(f"org:{pk}", name, "root", processes[pk], organization_id=pk) for pk, name in roots
    ]
    candidates += [Candidate(f"org:{pk}", name, "buyer", organization_id=pk) for pk, name in buyers]
    for row in config["investors"]:
        if row["lead"] in investors:
            candidates.append(
                Candidate(f"lead:{row['lead']}", row["name"], "investor", wants=tuple(investors[row["lead"]]))
            )
    return candidates


def held_on(today: date) -> date:
    return weekday(today - timedelta(days=_config()["held_days_ago"]))


def event_plan(*, seed: int, today: date, candidates: list[Candidate]) -> EventPlan:
    config = _config()
    rng = random.Random(seed + 31)
    day = held_on(today)
    all_needs = [Need(row["technology"], row["text"]) for row in config["needs"]]
    roots = [c for c in candidates if c.kind == "root"]
    seekers = [c for c in candidates if c.kind != "root"]
    needs: dict[str, list[Need]] = {}
    for seeker in seekers:
        if seeker.kind == "buyer":
            needs[seeker.key] = rng.sample(all_needs, 2)
        else:  # an investor needs partners in its lead's technologies
            needs[seeker.key] = [Need(technology, "") for technology in seeker.wants]
    asks: list[tuple[Candidate, Candidate, str]] = []
    paired: set[frozenset[str]] = set()

    def ask(requester: Candidate, target: Candidate, reason: str) -> None:
        pair = frozenset((requester.key, target.key))
        if requester.key != target.key and pair not in paired:
            paired.add(pair)
            asks.append((requester, target, reason))

    for seeker in seekers:
        for need in needs[seeker.key]:
            fits = [root for root in roots if need.technology in root.processes]
            for root in rng.sample(fits, min(len(fits), rng.randint(2, 3))):
                process = root.processes[need.technology]
                if seeker.kind == "buyer":
                    reason = f"{need.text} 건으로 {process} 공정과 시제품 가능 여부를 상담하고 싶습니다."
                else:
                    reason = (
                        f"한국 생산 거점을 검토하고 있습니다. {process} 공정의 협력 가능성과 인증을 "
                        "확인하고 싶습니다."
                    )
                ask(seeker, root, reason)
    for root in rng.sample(roots, min(len(roots), 22)):
        served = [
            (seeker, need)
            for seeker in seekers
            for need in needs[seeker.key]
            if need.technology in root.processes and frozenset((root.key, seeker.key)) not in paired
        ]
        for seeker, need in rng.sample(served, min(len(served), rng.randint(1, 2))):
            process = root.processes[need.technology]
            if seeker.kind == "buyer":
                reason = f"{process} 역량으로 {need.text}에 참여하고 싶습니다."
            else:
                reason = f"투자 예정 공장의 협력사로 {process} 공정을 소개하고 싶습니다."
            ask(root, seeker, reason)
    weights = [config["accept"], config["decline"], config["cancel"]]
    weights.append(1 - sum(weights))
    registered = {c.key: weekday(day - timedelta(days=rng.randint(27, 38))) for c in candidates}
    requests = []
    for requester, target, reason in asks:
        asked = weekday(day - timedelta(days=rng.randint(10, 25)))
        answered = min(weekday(asked + timedelta(days=rng.randint(1, 4))), weekday(day - timedelta(days=7)))
        answer = rng.choices(ANSWERS, weights=weights)[0]
        requests.append(
            PlannedRequest(requester.key, target.key, reason, answer, asked, max(answered, asked))
        )
    requests.sort(key=lambda r: r.asked_on)  # stable: the same day keeps the order they were planned in
    return EventPlan(day, candidates, needs, registered, requests)
