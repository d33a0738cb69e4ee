"""The limit-technology desk's demo: 180 experts (data/experts.toml) and the cases of
data/challenges.toml in every state of the desk.

The experts are generated from hand-written templates — one per field of expertise at POSCO's
steel-solution centre, KITECH and Inha — with `random.Random` seeded from the demo seed, and written
straight to the database like the rest of the demo. A few get an expert account.

The cases go through ppuri.challenges.services as the companies' members, the operator and the
experts' own accounts, so their log, notifications, triage corrections and the routing's record are
the real ones. The services stamp "now"; a case's steps happen on earlier days (submission `days_ago`
before loading, each later step `day` days after it), so what a step wrote is dated to its day right
after it ran (see _Clock).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.challenges import services
from ppuri.challenges.models import Challenge, Consultation, Expert, Offer, TriageCorrection
from ppuri.challenges.routing import ExpertPool
from ppuri.core.models import ActivityLog, Notification
from ppuri.demo.datafiles import data_file
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.registry.models import Membership, Organization

_SEOUL = ZoneInfo("Asia/Seoul")
# How many cases an expert takes at once, drawn per expert (experts.toml: 2–5).
_CAPACITY_WEIGHTS = {2: 25, 3: 40, 4: 20, 5: 15}
# Step kinds in the order they run when they fall on the same day.
_STEP_ORDER = ("triage", "offers", "answer", "consultation", "resolve", "rate", "withdraw")


# --- experts --------------------------------------------------------------------------------------


@dataclass
class PlannedExpert:
    key: str  # "<group>-NN", stable for a given experts.toml
    group: str
    institution: str  # institutions.toml key
    name: str
    title: str
    department: str
    bio: str
    technologies: list[str]
    processes: list[str]
    materials: list[str]
    defects: list[str]
    keywords: list[str]
    languages: list[str]
    capacity: int


@dataclass
class _Vocabulary:
    technologies: dict[str, Technology]
    processes: dict[str, Process]
    materials: dict[str, Material]
    defects: dict[str, Defect]
    process_materials: dict[str, set[str]]

    @classmethod
    def load(cls) -> "_Vocabulary":
        processes = {
            p.slug: p for p in Process.objects.select_related("technology").prefetch_related("materials")
        }
        return cls(
            technologies={t.slug: t for t in Technology.objects.all()},
            processes=processes,
            materials={m.slug: m for m in Material.objects.all()},
            defects={d.slug: d for d in Defect.objects.select_related("technology")},
            process_materials={slug: {m.slug for m in p.materials.all()} for slug, p in processes.items()},
        )

    def get(self, kind: str, slug: str) -> Any:
        try:
            return getattr(self, kind)[slug]
        except KeyError:
            raise ImproperlyConfigured(
                f"demo/data/experts.toml names an unknown {kind[:-1]} {slug!r}"
            ) from None


def _some(rng: random.Random, items: list[str]) -> list[str]:
    """A random share of `items` (at least one when there are any), in file order."""
    if not items:
        return []
    chosen = set(rng.sample(items, rng.randint(1, len(items))))
    return [item for item in items if item in chosen]


def _names(rng: random.Random, count: int) -> list[str]:
    people = data_file("experts.toml")["people"]
    surnames = [surname for surname, _weight in people["surnames"]]
    weights = [weight for _surname, weight in people["surnames"]]
    names: list[str] = []
    while len(names) < count:
        name = rng.choices(surnames, weights=weights)[0] + rng.choice(people["given_names"])
        if name not in names:
            names.append(name)
    return names


def expert_plan(*, seed: int) -> list[PlannedExpert]:
    """The demo's experts for a seed, unsaved, in file order. Raises ImproperlyConfigured when a
    template names an unknown slug or a defect outside the member's technologies."""
    vocabulary = _Vocabulary.load()
    data = data_file("experts.toml")
    rng = random.Random(f"{seed}:experts")
    total = sum(group["count"] for group in data["group"])
    names = iter(_names(rng, total))
    plan = []
    for group in data["group"]:
        ranks = data["institution"][group["institution"]]
        for number in range(1, group["count"] + 1):
            processes = [*group["processes"], *_some(rng, group["more_processes"])]
            technologies = list(
                dict.fromkeys(
                    [
                        *group["technologies"],
                        *(vocabulary.get("processes", slug).technology.slug for slug in processes),
                    ]
                )
            )
            for slug in technologies:
                vocabulary.get("technologies", slug)
            # A material stays when one of the member's processes uses it, or when a process names
            # none (design, software: any material).
            usable = set().union(*(vocabulary.process_materials[slug] for slug in processes))
            any_material = any(not vocabulary.process_materials[slug] for slug in processes)
            materials = [
                slug
                for slug in [*group["materials"], *_some(rng, group["more_materials"])]
                if vocabulary.get("materials", slug).slug in usable or any_material
            ]
            for slug in group["defects"]:
                if vocabulary.get("defects", slug).technology.slug not in technologies:
                    raise ImproperlyConfigured(
                        f"experts.toml {group['key']}: {slug} is not of {technologies}"
                    )
            drawable = [
                s
                for s in group["more_defects"]
                if vocabulary.get("defects", s).technology.slug in technologies
            ]
            keywords = group["keywords"]
            extra = rng.sample(keywords[2:], min(len(keywords) - 2, rng.randint(2, 4)))
            title_names = [title for title, _weight in ranks["titles"]]
            plan.append(
                PlannedExpert(
                    key=f"{group['key']}-{number:02d}",
                    group=group["key"],
                    institution=group["institution"],
                    name=next(names),
                    title=rng.choices(title_names, weights=[w for _title, w in ranks["titles"]])[0],
                    department=group["department"],
                    bio=group["bio"],
                    technologies=technologies,
                    processes=processes,
                    materials=materials,
                    defects=[*group["defects"], *_some(rng, drawable)],
                    keywords=[*keywords[:2], *(k for k in keywords[2:] if k in extra)],
                    languages=["ko", "en"] if rng.random() < ranks["english"] else ["ko"],
                    capacity=rng.choices(list(_CAPACITY_WEIGHTS), weights=list(_CAPACITY_WEIGHTS.values()))[
                        0
                    ],
                )
            )
    return plan


def expert_accounts() -> list[str]:
    return [row["username"] for row in data_file("experts.toml")["account"]]


def experts_write(
    *, seed: int, institutions: dict[str, Organization], companies: dict[str, Organization], password: str
) -> dict[str, Expert]:
    """The demo's experts with their expertise, accounts, conflicts and absences. By key.
    `institutions` maps institutions.toml keys, `companies` the keys conflicts use, to organizations."""
    data = data_file("experts.toml")
    plan = expert_plan(seed=seed)
    vocabulary = _Vocabulary.load()
    accounts = {row["expert"]: row for row in data["account"]}
    away = {row["expert"]: row for row in data["away"]}
    keys = {planned.key for planned in plan}
    for row in [*data["account"], *data["away"], *data["conflict"]]:
        if row["expert"] not in keys:
            raise ImproperlyConfigured(f"demo/data/experts.toml names an unknown expert {row['expert']!r}")
    today = timezone.localdate()
    rows = []
    for planned in plan:
        absence = away.get(planned.key)
        rows.append(
            Expert(
                name=planned.name,
                organization=institutions[planned.institution],
                department=planned.department,
                title=planned.title,
                keywords=planned.keywords,
                languages=planned.languages,
                bio=planned.bio,
                capacity=accounts.get(planned.key, {}).get("capacity", planned.capacity),
                available=absence is None or absence["days"] > 0,
                unavailable_until=today + timedelta(days=absence["days"])
                if absence and absence["days"]
                else None,
            )
        )
    Expert.objects.bulk_create(rows)
    experts = {planned.key: expert for planned, expert in zip(plan, rows, strict=True)}
    for name, kind in (
        ("technologies", "technology"),
        ("processes", "process"),
        ("materials", "material"),
        ("defects", "defect"),
    ):
        through = getattr(Expert, name).through
        through.objects.bulk_create(
            [
                through(expert_id=experts[planned.key].pk, **{f"{kind}_id": vocabulary.get(name, slug).pk})
                for planned in plan
                for slug in getattr(planned, name)
            ]
        )
    Conflicts = Expert.conflicts.through
    Conflicts.objects.bulk_create(
        [
            Conflicts(expert_id=experts[row["expert"]].pk, organization_id=_company(companies, key).pk)
            for row in data["conflict"]
            for key in row["companies"]
        ]
    )
    _accounts_write(data["account"], experts, password)
    return experts


def _company(companies: dict[str, Organization], key: str) -> Organization:
    try:
        return companies[key]
    except KeyError:
        raise ImproperlyConfigured(f"demo challenge data names an unknown company {key!r}") from None


def _accounts_write(rows: list[dict[str, Any]], experts: dict[str, Expert], password: str) -> None:
    """Tie each account to its expert: a user of that name made by the demo (an expert member of the
    expert's institution, like `expert` of demo.accounts) is reused, a missing one is created, any
    other user of that name is left alone and the expert stays without an account."""
    hashed = make_password(password)
    for row in rows:
        expert = experts[row["expert"]]
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User.objects.create(
                username=row["username"],
                role=Role.EXPERT,
                display_name=f"{expert.name} {expert.title} (데모)",
                email=f"{row['username']}@ppuri.example",
                password=hashed,
            )
            Membership.objects.create(
                user=user, organization=expert.organization, role=Membership.Role.MEMBER
            )
        elif not (
            user.role == Role.EXPERT
            and Membership.objects.filter(user=user, organization=expert.organization).exists()
            and not Expert.objects.filter(user=user).exists()
        ):
            continue
        expert.user = user
        expert.save(update_fields=["user", "updated_at"])


# --- the cases ------------------------------------------------------------------------------------


class _Clock:
    """Dates what a step wrote to the step's day. The services stamp timezone.now(); every row the
    cases write carries a time after `started` until it is dated, and every step's day lies before
    today, so a dated row is never moved again."""

    FIELDS: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (
            Challenge,
            ("created_at", "updated_at", "triaged_at", "first_contact_at", "resolved_at", "closed_at"),
        ),
        (Offer, ("created_at", "updated_at", "responded_at")),
        (Consultation, ("created_at", "updated_at")),
        (TriageCorrection, ("corrected_at",)),
    )

    def __init__(self) -> None:
        self.started = timezone.now()

    def run(self, when: datetime, step: Callable[[], Any]) -> Any:
        if when >= self.started:
            raise ImproperlyConfigured(f"a demo case step falls on {when:%Y-%m-%d}, not before today")
        result = step()
        for model, names in self.FIELDS:
            for name in names:
                model.objects.filter(**{f"{name}__gte": self.started}).update(**{name: when})
        for model in (ActivityLog, Notification):
            model.objects.filter(verb__startswith="challenges.", created_at__gte=self.started).update(
                created_at=when
            )
        return result


@dataclass
class _Step:
    day: int
    kind: str  # one of _STEP_ORDER
    spec: dict[str, Any]  # the step's table in challenges.toml
    order: int = 0  # among the steps of its day


@dataclass
class _Case:
    row: dict[str, Any]
    company: Organization
    member: User
    submitted: date
    steps: list[_Step] = field(default_factory=list)


class _Story:
    def __init__(
        self, *, operator: User, experts: dict[str, Expert], companies: dict[str, Organization]
    ) -> None:
        self.operator = operator
        self.experts = experts
        self.companies = companies
        self.clock = _Clock()
        self.today = timezone.localdate()
        self.vocabulary = _Vocabulary.load()

    def moment(self, day: date, order: int) -> datetime:
        """A working hour of the day, later for each later step of the same day."""
        minutes = 9 * 60 + 30 + 40 * order
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=_SEOUL)

    def case(self, row: dict[str, Any]) -> _Case | None:
        """The case's steps after its submission, in the order they happen."""
        company = _company(self.companies, row["company"])
        membership = company.memberships.select_related("user").order_by("pk").first()
        if membership is None:
            return None  # the company's account was made by hand before the demo: nobody may act for it
        case = _Case(row, company, membership.user, self.today - timedelta(days=row["days_ago"]))
        for kind, name in (
            ("triage", "triage"),
            ("resolve", "resolve"),
            ("rate", "rate"),
            ("withdraw", "withdraw"),
        ):
            if name in row:
                case.steps.append(_Step(row[name]["day"], kind, row[name]))
        for kind, name in (("offers", "offers"), ("answer", "answers"), ("consultation", "consultations")):
            case.steps += [_Step(spec["day"], kind, spec) for spec in row.get(name, [])]
        case.steps.sort(key=lambda step: (step.day, _STEP_ORDER.index(step.kind)))
        for position, step in enumerate(case.steps):
            # The submission is the first step of day 0.
            step.order = sum(1 for s in case.steps[:position] if s.day == step.day) + (step.day == 0)
        return case

    def write(self, case: _Case) -> Challenge:
        row = case.row
        challenge: Challenge = self.clock.run(
            self.moment(case.submitted, 0),
            lambda: services.challenge_create(
                actor=case.member,
                company=case.company,
                title=row["title"],
                description=row["description"].strip(),
                urgency=row["urgency"],
                confidentiality=row["confidentiality"],
            ),
        )
        actions: dict[str, Callable[[_Case, Challenge, dict[str, Any]], Any]] = {
            "triage": self.triage,
            "offers": self.offer,
            "answer": self.answer,
            "consultation": self.consult,
            "resolve": self.resolve,
            "rate": self.rate,
            "withdraw": self.withdraw,
        }
        for step in case.steps:
            # Fresh from the database: a service's full save() would write back the undated times.
            challenge.refresh_from_db()
            day = case.submitted + timedelta(days=step.day)
            action = actions[step.kind]
            self.clock.run(self.moment(day, step.order), partial(action, case, challenge, step.spec))
        challenge.refresh_from_db()
        return challenge

    def triage(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        kinds = {
            "technology": "technologies",
            "process": "processes",
            "material": "materials",
            "defect": "defects",
        }
        chosen = {
            name: self.vocabulary.get(kind, spec[name]) if name in spec else None
            for name, kind in kinds.items()
        }
        services.challenge_triage(actor=self.operator, challenge=challenge, **chosen)

    def offer(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        if "route" in spec:
            experts = [fit.expert for fit in ExpertPool().rank(challenge, limit=spec["route"])]
        else:
            experts = [self.expert(key) for key in spec["experts"]]
        services.offers_create(actor=self.operator, challenge=challenge, experts=experts)

    def expert(self, key: str) -> Expert:
        try:
            return self.experts[key]
        except KeyError:
            raise ImproperlyConfigured(f"demo/data/challenges.toml names an unknown expert {key!r}") from None

    def answer(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        expert = self.expert(spec["expert"])
        if expert.user is None:
            raise ImproperlyConfigured(f"expert {spec['expert']} answers a demo case but has no account")
        offer = Offer.objects.select_related("expert", "challenge").get(challenge=challenge, expert=expert)
        if spec["answer"] == "accept":
            services.offer_accept(actor=expert.user, offer=offer)
        else:
            services.offer_decline(actor=expert.user, offer=offer, reason=spec["reason"])

    def accepted(self, challenge: Challenge) -> User:
        offer = challenge.offers.select_related("expert__user").get(status=Offer.Status.ACCEPTED)
        if offer.expert.user is None:
            raise ImproperlyConfigured(f"the expert of demo case {challenge.title!r} has no account")
        return offer.expert.user

    def consult(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        services.consultation_log(
            actor=self.accepted(challenge),
            challenge=challenge,
            held_on=case.submitted + timedelta(days=spec["day"]),
            mode=spec["mode"],
            hours=Decimal(str(spec["hours"])),
            notes=spec["notes"],
        )

    def resolve(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        measured = "before" in spec
        services.challenge_resolve(
            actor=self.accepted(challenge),
            challenge=challenge,
            outcome=spec["outcome"],
            resolution=spec["resolution"],
            effect_metric=spec.get("metric", ""),
            effect_before=Decimal(str(spec["before"])) if measured else None,
            effect_after=Decimal(str(spec["after"])) if measured else None,
        )

    def rate(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        services.challenge_rate(
            actor=case.member,
            challenge=challenge,
            rating=spec["rating"],
            comment=spec["comment"],
            publish_consent=spec["consent"],
        )

    def withdraw(self, case: _Case, challenge: Challenge, spec: dict[str, Any]) -> None:
        services.challenge_withdraw(actor=case.member, challenge=challenge)

    def batch(self, challenges: list[Challenge], settings: dict[str, Any]) -> None:
        """The operator routes the waiting cases in one batch (load spread, capacity kept)."""
        day = self.today - timedelta(days=settings["days_ago"])
        self.clock.run(
            self.moment(day, 0),
            lambda: services.offers_assign_batch(
                actor=self.operator, challenges=challenges, per_case=settings["per_case"]
            ),
        )


def challenges_create(
    *, operator: User, experts: dict[str, Expert], companies: dict[str, Organization]
) -> dict[str, Challenge]:
    """The cases of challenges.toml by key, each brought to its state through the services. `companies`
    maps the file's company keys (sourcing suppliers by key, demo accounts as "@username")."""
    data = data_file("challenges.toml")
    story = _Story(operator=operator, experts=experts, companies=companies)
    made: list[tuple[dict[str, Any], Challenge]] = []
    waiting = []
    for row in data["challenge"]:
        case = story.case(row)
        if case is None:
            continue
        if row.get("batch") and any(step.kind != "triage" for step in case.steps):
            raise ImproperlyConfigured(f"demo case {row['key']}: a batch case has only submit and triage")
        challenge = story.write(case)
        made.append((row, challenge))
        if row.get("batch"):
            waiting.append(challenge)
    if waiting:
        story.batch(waiting, data["batch"])
    for row, challenge in made:
        challenge.refresh_from_db()
        if challenge.status != row["state"]:
            raise ImproperlyConfigured(f"demo case {row['key']} ended {challenge.status}, not {row['state']}")
    return {row["key"]: challenge for row, challenge in made}


def challenge_counts() -> dict[str, int]:
    """Demo cases per status."""
    return dict(
        Challenge.objects.filter(company__is_demo=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by("status")
    )
