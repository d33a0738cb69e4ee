"""Two-way matching at the issue's scale: one seeker against 20,000 open postings, one posting against
100,000 seekers.

    .venv/bin/python bench/talent_matching.py                                   # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench_talent \
        .venv/bin/python bench/talent_matching.py
    BENCH_JOBS=2000 BENCH_SEEKERS=10000 .venv/bin/python bench/talent_matching.py   # a quicker look

Writes BENCH_COMPANIES companies (default 2,000, a primary site each in one of the four complexes or
outside), BENCH_JOBS open postings (default 20,000: a root technology drawn with the demo's weights, one
to three of its processes, zero to two of its craftsman or industrial-engineer qualifications required
and up to one preferred, shift, wage band, dormitory, bus) and BENCH_SEEKERS seekers (default 100,000,
60 % discoverable: zero to three qualifications, one to three processes, one or two preferred
complexes, shifts, desired wage), all with bulk_create.

Then BENCH_ROUNDS (default 50) seekers' matches (`selectors.matches_for_seeker`, the best 50 with
reasons' facts, and what to learn next) and as many postings' matches (`selectors.matches_for_job`,
the best 50 discoverable seekers and the applicants). The first call of each reads every fact into the
process (printed apart as the cold start); the rounds after it see the database's changes only.
Baseline in the same run: the plain SQL query of the candidates (postings of the seeker's technologies;
discoverable seekers who worked a process of the posting's technology), ids only. Prints p50/p95 and
the ratio, the memory the kept facts take, and asserts nothing (the goal, p95 ≤ 100 ms, is
read off).
"""

import os
import random
import statistics
import time
import tomllib
import tracemalloc
from datetime import timedelta
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.core.text import normalize_company_name
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.reference.selectors import qualifications_in_use
from ppuri.registry.models import Organization, Site
from ppuri.talent import selectors
from ppuri.talent.facts import DISCOVERABLE_SEEKERS, OPEN_JOBS
from ppuri.talent.models import JobPosting, SeekerProfile, SeekerQualification

COMPANIES = int(os.environ.get("BENCH_COMPANIES", "2000"))
JOBS = int(os.environ.get("BENCH_JOBS", "20000"))
SEEKERS = int(os.environ.get("BENCH_SEEKERS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))
BATCH = 5_000
PROFILES = Path(__file__).resolve().parent.parent / "ppuri" / "demo" / "data" / "profiles.toml"
COMPLEXES = ["namdong"] * 6 + ["juan", "bupyeong", "seobu"] + [""] * 2
SHIFTS = ["day", "day", "two_shift", "three_shift"]
WAGES = [(2_500_000, 2_900_000), (2_800_000, 3_300_000), (3_000_000, 3_600_000), (3_300_000, 4_200_000)]


class World:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        with PROFILES.open("rb") as handle:
            weights = tomllib.load(handle)["technology_weights"]
        self.technologies = {t.slug: t for t in Technology.objects.all()}
        self.weights = {slug: w for slug, w in weights.items() if slug in self.technologies}
        self.processes: dict[int, list[int]] = {}
        for process in Process.objects.all():
            self.processes.setdefault(process.technology_id, []).append(process.pk)
        self.qualifications: dict[int, list[int]] = {}
        for qualification in Qualification.objects.prefetch_related("technologies"):
            for technology in qualification.technologies.all():
                self.qualifications.setdefault(technology.pk, []).append(qualification.pk)
        # Postings ask only for items in use; seekers may still hold an abolished one.
        self.in_use = set(qualifications_in_use().values_list("pk", flat=True))
        self.complexes = {c.slug: c.pk for c in Complex.objects.all()}

    def technology(self) -> int:
        slugs = list(self.weights)
        return self.technologies[self.rng.choices(slugs, [self.weights[s] for s in slugs])[0]].pk


def _companies(world: World) -> list[tuple[int, int | None, int | None]]:
    rng = world.rng
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                kind=Organization.Kind.COMPANY,
                name=f"벤치채용{i:05d}(주)",
                normalized_name=normalize_company_name(f"벤치채용{i:05d}"),
                products="부품",
            )
            for i in range(COMPANIES)
        ],
        batch_size=BATCH,
    )
    sites = []
    for organization in organizations:
        slug = rng.choice(COMPLEXES)
        sites.append(
            Site(
                organization=organization,
                address="인천광역시 남동구 남동대로 1",
                complex_id=world.complexes.get(slug),
                is_primary=True,
            )
        )
    Site.objects.bulk_create(sites, batch_size=BATCH)
    return [(s.organization_id, s.pk, s.complex_id) for s in sites]


def _jobs(world: World, companies: list[tuple[int, int | None, int | None]]) -> None:
    rng = world.rng
    now = timezone.now()
    rows, picks = [], []
    for _ in range(JOBS):
        company_id, site_id, complex_id = rng.choice(companies)
        technology_id = world.technology()
        processes = world.processes.get(technology_id, [])
        qualifications = [q for q in world.qualifications.get(technology_id, []) if q in world.in_use]
        required = rng.sample(qualifications, min(len(qualifications), rng.choice([0, 0, 1, 1, 2])))
        rest = [q for q in qualifications if q not in required]
        preferred = rng.sample(rest, min(len(rest), rng.choice([0, 1])))
        low, high = rng.choice(WAGES)
        rows.append(
            JobPosting(
                company_id=company_id, title="생산직", technology_id=technology_id,
                experience_years_min=rng.choice([0, 0, 1, 2, 3, 5]),
                employment_type=rng.choice(["full_time"] * 6 + ["fixed_term", "internship"]),
                shift=rng.choice(SHIFTS), wage_min=low, wage_max=high, site_id=site_id, complex_id=complex_id,
                dormitory=rng.random() < 0.3, commuter_bus=rng.random() < 0.5, positions=rng.randint(1, 3),
                status=JobPosting.Status.OPEN, opened_at=now,
            )
        )  # fmt: skip
        picks.append((rng.sample(processes, min(len(processes), rng.randint(1, 3))), required, preferred))
    created = JobPosting.objects.bulk_create(rows, batch_size=BATCH)
    _link(JobPosting.processes.through, "jobposting_id", "process_id", created, [p[0] for p in picks])
    _link(
        JobPosting.required_qualifications.through,
        "jobposting_id",
        "qualification_id",
        created,
        [p[1] for p in picks],
    )
    _link(
        JobPosting.preferred_qualifications.through,
        "jobposting_id",
        "qualification_id",
        created,
        [p[2] for p in picks],
    )


def _link(through, owner: str, target: str, owners: list, lists: list[list[int]]) -> None:
    rows = [through(**{owner: o.pk, target: t}) for o, ts in zip(owners, lists, strict=True) for t in ts]
    through.objects.bulk_create(rows, batch_size=BATCH)


def _seekers(world: World) -> None:
    rng = world.rng
    password = make_password(None)  # unusable: nobody signs in as these
    users = User.objects.bulk_create(
        [User(username=f"bench-seeker-{i:06d}", role=Role.SEEKER, password=password) for i in range(SEEKERS)],
        batch_size=BATCH,
    )
    now = timezone.now()
    complexes = list(world.complexes.values())
    profiles, picks = [], []
    for user in users:
        technology_id = world.technology()
        processes = world.processes.get(technology_id, [])
        qualifications = world.qualifications.get(technology_id, [])
        profiles.append(
            SeekerProfile(
                user=user, experience_years=rng.choice([0, 0, 1, 2, 3, 5, 8]),
                desired_wage=rng.choice([None, 2_700_000, 3_000_000, 3_300_000, 3_800_000]),
                shifts=rng.sample(["day", "two_shift", "three_shift"], rng.randint(0, 3)),
                dormitory=rng.random() < 0.2, discoverable=rng.random() < 0.6, last_active_at=now,
                consented_at=now, consent_notice_version="bench",
            )
        )  # fmt: skip
        picks.append(
            (
                rng.sample(processes, min(len(processes), rng.randint(1, 3))),
                rng.sample(qualifications, min(len(qualifications), rng.choice([0, 1, 1, 2, 3]))),
                rng.sample(complexes, rng.randint(0, 2)),
            )
        )
    created = SeekerProfile.objects.bulk_create(profiles, batch_size=BATCH)
    _link(SeekerProfile.processes.through, "seekerprofile_id", "process_id", created, [p[0] for p in picks])
    _link(SeekerQualification, "profile_id", "qualification_id", created, [p[1] for p in picks])
    _link(
        SeekerProfile.preferred_complexes.through,
        "seekerprofile_id",
        "complex_id",
        created,
        [p[2] for p in picks],
    )


def _kept_mb() -> float:
    """The memory the two kept fact sets hold, read again from scratch under tracemalloc."""
    for cache in (OPEN_JOBS, DISCOVERABLE_SEEKERS):
        cache._held = type(cache._held)()
    tracemalloc.start()
    OPEN_JOBS.everything()
    DISCOVERABLE_SEEKERS.everything()
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return current / 1024 / 1024


def _timed(calls: list, run) -> tuple[list[float], float]:
    first = time.perf_counter()
    run(calls[0])
    cold = (time.perf_counter() - first) * 1000
    times = []
    for call in calls[1:]:
        started = time.perf_counter()
        run(call)
        times.append((time.perf_counter() - started) * 1000)
    return times, cold


def _line(label: str, times: list[float], baseline: list[float] | None = None) -> str:
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 20 else max(times)
    text = f"{label:<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms"
    if baseline:
        base = statistics.quantiles(baseline, n=20)[18] if len(baseline) >= 20 else max(baseline)
        text += f"   ({p95 / base:.1f}× the baseline's p95 {base:.1f} ms)"
    return text


def main() -> None:
    print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(14)
    if not JobPosting.objects.exists():
        world = World(rng)
        with transaction.atomic():
            companies = _companies(world)
            _jobs(world, companies)
            _seekers(world)
            # As in a running system, the rows were written over time, not all in the last minutes
            # (the kept facts re-read what changed within facts.MARGIN at every use).
            yesterday = timezone.now() - timedelta(days=1)
            JobPosting.objects.update(updated_at=yesterday)
            SeekerProfile.objects.update(updated_at=yesterday)
        print(f"wrote {COMPANIES:,} companies, {JOBS:,} open postings, {SEEKERS:,} seekers in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    else:
        print("reusing the postings and seekers of PPURI_VAR_DIR's database")
    seekers = list(User.objects.filter(seeker_profile__isnull=False).values_list("pk", flat=True))
    jobs = list(JobPosting.objects.filter(status=JobPosting.Status.OPEN).values_list("pk", flat=True))
    seeker_calls = [User.objects.get(pk=pk) for pk in rng.sample(seekers, ROUNDS + 1)]
    job_calls = [JobPosting.objects.get(pk=pk) for pk in rng.sample(jobs, ROUNDS + 1)]

    seeker_times, seeker_cold = _timed(seeker_calls, lambda u: selectors.matches_for_seeker(user=u, limit=50))
    job_times, job_cold = _timed(job_calls, lambda j: selectors.matches_for_job(job=j, limit=50))

    def jobs_of_field(user: User) -> list[int]:
        technologies = set(
            Process.objects.filter(pk__in=user.seeker_profile.processes.values("pk")).values_list(
                "technology_id", flat=True
            )
        )
        return list(
            JobPosting.objects.filter(
                status=JobPosting.Status.OPEN, technology_id__in=technologies
            ).values_list("pk", flat=True)
        )

    def seekers_of_field(job: JobPosting) -> list[int]:
        return list(
            SeekerProfile.objects.filter(discoverable=True, processes__technology_id=job.technology_id)
            .values_list("pk", flat=True)
            .distinct()
        )

    seeker_base, _ = _timed(seeker_calls, jobs_of_field)
    job_base, _ = _timed(job_calls, seekers_of_field)
    considered = [selectors.matches_for_seeker(user=u, limit=50).considered for u in seeker_calls[:10]]
    print(f"rounds: {ROUNDS} seekers, {ROUNDS} postings; a seeker's field holds about "
          f"{statistics.median(considered):,.0f} of the {JOBS:,} postings")  # fmt: skip
    print(_line("one seeker against the open postings", seeker_times, seeker_base))
    print(_line("one posting against the seekers", job_times, job_base))
    print(_line("baseline: SQL ids of the seeker's field", seeker_base))
    print(_line("baseline: SQL ids of the posting's field", job_base))
    print(
        f"cold start (every fact read into the process): postings {seeker_cold:,.0f} ms, seekers "
        f"{job_cold:,.0f} ms; the kept facts take {_kept_mb():,.0f} MB (Python's allocations)"
    )

    # A change between two reads: the next read sees it at the cost of the changed rows only.
    job = job_calls[1]
    JobPosting.objects.filter(pk=job.pk).update(wage_max=job.wage_max + 10_000, updated_at=timezone.now())
    changed, _ = _timed(
        [seeker_calls[1], seeker_calls[2], seeker_calls[3]], lambda u: selectors.matches_for_seeker(user=u)
    )
    print(f"after one posting changed: {changed[0]:.1f} ms, then {changed[1]:.1f} ms")  # fmt: skip
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
