"""The jobs demo (data/talent.toml): postings of the hand-written suppliers and of generated demo
companies across the four complexes, seekers of several profiles, and applications in every stage.

Everything goes through ppuri.talent.services as the people who would do it (a company's admin posts
and moves applications, the seeker writes the profile and applies), so the activity log, notifications
and search index are the real ones. Dates count from the day of loading.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.demo.datafiles import data_file
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.reference.selectors import qualification_names
from ppuri.registry.models import Capability, Membership, Organization
from ppuri.talent import services
from ppuri.talent.models import Application, JobPosting

# Per complex, how many generated postings, drawn from the demo's companies there: the hand-written
# ones cover the suppliers of sourcing.toml.
GENERATED_POSTINGS = {"namdong": 18, "juan": 6, "bupyeong": 6, "seobu": 6}
# The six root technologies a generated posting is for (a company's primary one), with the job title
# after the process's name ("침탄 열처리 작업자", "아노다이징 라인 작업자").
TITLES = {
    "casting": "기능공",
    "mold": "가공·조립 기술자",
    "forming": "오퍼레이터",
    "welding": "기능공",
    "surface-treatment": "라인 작업자",
    "heat-treatment": "열처리 작업자",
}


def _title(process: Process, technology_slug: str) -> str:
    role = TITLES[technology_slug]
    if role.split()[0] in process.name_ko:  # 진공 열처리 → 진공 열처리 작업자, not … 열처리 열처리 …
        role = role.split(maxsplit=1)[1]
    return f"{process.name_ko} {role}"


WAGES = [(2_600_000, 3_000_000), (2_800_000, 3_300_000), (3_000_000, 3_600_000), (3_300_000, 4_000_000)]


@dataclass
class _Names:
    qualifications: dict[str, Qualification]
    processes: dict[str, Process]
    technologies: dict[str, Technology]
    complexes: dict[str, Complex]

    @classmethod
    def load(cls) -> "_Names":
        return cls(
            qualifications=qualification_names(),
            processes={p.slug: p for p in Process.objects.all()},
            technologies={t.slug: t for t in Technology.objects.all()},
            complexes={c.slug: c for c in Complex.objects.all()},
        )

    def qualification(self, name: str) -> Qualification:
        found = self.qualifications.get("".join(name.split()).casefold())
        if found is None:
            raise ImproperlyConfigured(f"demo/data/talent.toml names an unknown qualification {name!r}")
        return found

    def get(self, kind: str, slug: str) -> Any:
        try:
            return getattr(self, kind)[slug]
        except KeyError:
            raise ImproperlyConfigured(f"demo/data/talent.toml names an unknown {kind} {slug!r}") from None


def _admin_of(company: Organization) -> User | None:
    membership = Membership.objects.filter(organization=company, role=Membership.Role.ADMIN).first()
    return membership.user if membership else None


def _posting(row: dict[str, Any], names: _Names, company: Organization) -> services.JobInput:
    site = company.sites.filter(is_primary=True).first()
    wage_min, wage_max = row["wage"]
    return services.JobInput(
        title=row["title"],
        description=row["description"],
        technology=names.get("technologies", row["technology"]),
        processes=[names.get("processes", slug) for slug in row["processes"]],
        required_qualifications=[names.qualification(n) for n in row["required"]],
        preferred_qualifications=[names.qualification(n) for n in row["preferred"]],
        experience_years_min=row["experience"],
        employment_type=row["employment"],
        shift=row["shift"],
        wage_min=wage_min,
        wage_max=wage_max,
        site=site,
        complex=None,
        dormitory=row["dormitory"],
        commuter_bus=row["commuter_bus"],
        positions=row["positions"],
        closes_on=timezone.localdate() + timedelta(days=row["closes_in"]),
    )


def _generated(*, seed: int, operator: User, names: _Names, taken: set[int]) -> list[JobPosting]:
    """Postings of demo companies whose primary process is one of the six core technologies, per complex;
    the operator posts them (the generated companies have no accounts)."""
    rng = random.Random(seed + 14)
    craftsman = {
        slug: list(
            Qualification.objects.filter(
                technologies__slug=slug, level=Qualification.Level.CRAFTSMAN
            ).order_by("order")
        )
        for slug in TITLES
    }
    made = []
    today = timezone.localdate()
    for complex_slug, count in GENERATED_POSTINGS.items():
        capabilities = (
            Capability.objects.filter(
                organization__is_demo=True,
                organization__kind=Organization.Kind.COMPANY,
                organization__sites__is_primary=True,
                organization__sites__complex__slug=complex_slug,
                process__technology__slug__in=TITLES,
            )
            .exclude(organization__in=taken)
            .select_related("process__technology", "organization")
            .order_by("organization_id", "pk")
        )
        first_of_company: dict[int, Capability] = {}
        for capability in capabilities:
            first_of_company.setdefault(capability.organization_id, capability)
        chosen = rng.sample(sorted(first_of_company), min(count, len(first_of_company)))
        for organization_id in chosen:
            capability = first_of_company[organization_id]
            technology = capability.process.technology
            qualifications = craftsman.get(technology.slug, [])
            required = qualifications[:1] if qualifications and rng.random() < 0.5 else []
            preferred = qualifications[1:2] if len(qualifications) > 1 else []
            wage_min, wage_max = rng.choice(WAGES)
            company = capability.organization
            data = services.JobInput(
                title=_title(capability.process, technology.slug),
                description=f"{company.name}의 {capability.process.name_ko} 공정 생산직입니다.",
                technology=technology,
                processes=[capability.process],
                required_qualifications=required,
                preferred_qualifications=preferred,
                experience_years_min=rng.choice([0, 0, 1, 2, 3]),
                employment_type=rng.choice(["full_time"] * 5 + ["fixed_term", "internship"]),
                shift=rng.choice(["day", "day", "two_shift", "three_shift"]),
                wage_min=wage_min,
                wage_max=wage_max,
                site=company.sites.filter(is_primary=True).first(),
                complex=None,
                dormitory=rng.random() < 0.3,
                commuter_bus=rng.random() < 0.5,
                positions=rng.choice([1, 1, 2, 3]),
                closes_on=today + timedelta(days=rng.randint(7, 45)),
            )
            made.append(
                services.job_open(
                    actor=operator, job=services.job_create(actor=operator, company=company, data=data)
                )
            )
    return made


def _seekers_write(rows: list[dict[str, Any]], names: _Names, password: str) -> dict[str, User]:
    hashed = make_password(password)
    people = {}
    for row in rows:
        user = User.objects.filter(username=row["account"]).first()
        if user is None:
            user = User.objects.create(
                username=row["account"],
                role=Role.SEEKER,
                display_name=f"{row['name']} (데모)",
                email=f"{row['account']}@ppuri.example",
                password=hashed,
            )
        if user.role != Role.SEEKER:
            continue  # an account made by hand before the demo is never taken over
        services.seeker_profile_save(
            actor=user,
            consent=True,
            data=services.ProfileInput(
                qualifications=[
                    (names.qualification(q["name"]), q.get("year")) for q in row["qualifications"]
                ],
                processes=[names.get("processes", slug) for slug in row["processes"]],
                technologies=[],
                experience_years=row["experience"],
                education=row["education"],
                preferred_complexes=[names.get("complexes", slug) for slug in row["complexes"]],
                desired_wage=row["desired_wage"],
                shifts=row["shifts"],
                dormitory=row["dormitory"],
                available_from=None,
                discoverable=row["discoverable"],
                headline=row["headline"],
            ),
        )
        people[row["account"]] = user
    return people


def talent_create(*, seed: int, operator: User, suppliers: dict[str, Organization], password: str) -> None:
    """The jobs demo: the file's postings, seekers, applications and invitation, then generated postings."""
    file = data_file("talent.toml")
    names = _Names.load()
    postings: dict[str, JobPosting] = {}
    final_status: dict[str, str] = {}
    for row in file["posting"]:
        company = suppliers.get(row["company"])
        if company is None:
            raise ImproperlyConfigured(f"demo/data/talent.toml: unknown company {row['company']!r}")
        actor = _admin_of(company) or operator
        job = services.job_create(actor=actor, company=company, data=_posting(row, names, company))
        if row["status"] != "draft":
            job = services.job_open(actor=actor, job=job)
        postings[row["key"]] = job
        final_status[row["key"]] = row["status"]
    people = _seekers_write(file["seeker"], names, password)
    today = timezone.localdate()
    for row in file["application"]:
        seeker, job = people.get(row["seeker"]), postings[row["posting"]]
        if seeker is None:
            continue
        application = services.application_submit(actor=seeker, job=job, message=row["message"], consent=True)
        employer = _admin_of(job.company) or operator
        for stage in row["stages"]:
            if stage == Application.Stage.WITHDRAWN:
                services.application_withdraw(actor=seeker, application=application)
            else:
                services.application_stage(
                    actor=employer,
                    application=application,
                    stage=stage,
                    hired_on=today if stage == Application.Stage.HIRED else None,
                )
    for row in file.get("interest", []):
        seeker, job = people.get(row["seeker"]), postings[row["posting"]]
        if seeker is not None:
            services.interest_send(
                actor=_admin_of(job.company) or operator, job=job, seeker_id=seeker.pk, message=row["message"]
            )
    for key, status in final_status.items():
        if status in (JobPosting.Status.CLOSED, JobPosting.Status.FILLED):
            job = postings[key]
            services.job_close(
                actor=_admin_of(job.company) or operator, job=job, filled=status == JobPosting.Status.FILLED
            )
    _generated(seed=seed, operator=operator, names=names, taken={c.pk for c in suppliers.values()})


def seeker_accounts() -> list[str]:
    return [row["account"] for row in data_file("talent.toml")["seeker"] if row["account"] != "seeker"]


def talent_counts() -> dict[str, dict[str, int]]:
    """Postings by status and applications by stage, of the demo's companies."""
    return {
        "postings": dict(
            JobPosting.objects.filter(company__is_demo=True)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by("status")
        ),
        "applications": dict(
            Application.objects.filter(job__company__is_demo=True)
            .values_list("stage")
            .annotate(n=Count("pk"))
            .order_by("stage")
        ),
    }
