"""The matcher's facts of every open posting and every discoverable seeker, kept in each process and
brought up to date from the database on every use.

Reading the facts of 20,000 postings or 100,000 seekers (five tables each) takes seconds; matching
must answer in a tenth of one. So each process keeps what it read, and before each use asks the
database only for what changed: the rows whose `updated_at` is later than its last read (less a margin
longer than any write transaction, so a change committed late is not missed), and the rows deleted in
the same span (talent.models.DeletedRow, written by a post_delete receiver whichever way the ORM
deletes: a row deleted by raw SQL is noticed at the process's next start). Every change of a posting
or a profile goes through talent.services, which saves the row (so `updated_at` moves) whenever its
facts change. Several web workers each keep their own copy; none is
ever staler than the request that reads it, so nothing assumes one process.

Visibility stays with the selectors: a posting whose company was hidden after it was read here is still
in these facts, and selectors keep only what public_jobs() and discoverable_profiles() return.
"""

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from ppuri.reference.models import Process, Qualification
from ppuri.talent.matching import JobFacts, SeekerFacts
from ppuri.talent.models import DeletedRow, JobPosting, SeekerProfile

# --- reading facts from the database ---------------------------------------------------------------


def _pairs(through: Any, left: str, right: str, **where: Any) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for owner, value in through.objects.filter(**where).values_list(left, right):
        grouped[owner].add(value)
    return grouped


def job_facts(jobs: QuerySet[JobPosting]) -> list[JobFacts]:
    ids = jobs.values("pk")
    processes = _pairs(JobPosting.processes.through, "jobposting_id", "process_id", jobposting_id__in=ids)
    required = _pairs(
        JobPosting.required_qualifications.through, "jobposting_id", "qualification_id", jobposting_id__in=ids
    )
    preferred = _pairs(
        JobPosting.preferred_qualifications.through,
        "jobposting_id",
        "qualification_id",
        jobposting_id__in=ids,
    )
    rows = jobs.order_by().values_list(
        "pk", "technology_id", "experience_years_min", "shift", "wage_min", "wage_max", "complex_id",
        "dormitory", "commuter_bus",
    )  # fmt: skip
    return [
        JobFacts(
            job_id=pk,
            technology_id=technology_id,
            process_ids=frozenset(processes.get(pk, ())),
            required_ids=frozenset(required.get(pk, ())),
            preferred_ids=frozenset(preferred.get(pk, ())),
            experience_years_min=years,
            shift=shift,
            wage_min=wage_min,
            wage_max=wage_max,
            complex_id=complex_id,
            dormitory=dormitory,
            commuter_bus=bus,
        )
        for pk, technology_id, years, shift, wage_min, wage_max, complex_id, dormitory, bus in rows
    ]


def seeker_facts(profiles: QuerySet[SeekerProfile]) -> list[SeekerFacts]:
    return [facts for _pk, facts in seeker_facts_by_profile(profiles)]


def seeker_facts_by_profile(profiles: QuerySet[SeekerProfile]) -> list[tuple[int, SeekerFacts]]:
    """(profile id, facts) of each profile."""
    ids = profiles.values("pk")
    held = _pairs(SeekerProfile.held.rel.related_model, "profile_id", "qualification_id", profile_id__in=ids)
    processes = _pairs(
        SeekerProfile.processes.through, "seekerprofile_id", "process_id", seekerprofile_id__in=ids
    )
    technologies = _pairs(
        SeekerProfile.technologies.through, "seekerprofile_id", "technology_id", seekerprofile_id__in=ids
    )
    complexes = _pairs(
        SeekerProfile.preferred_complexes.through, "seekerprofile_id", "complex_id", seekerprofile_id__in=ids
    )
    technology_of_process = dict(Process.objects.values_list("pk", "technology_id"))
    technologies_of_qualification = _pairs(
        Qualification.technologies.through, "qualification_id", "technology_id"
    )
    counts_as = _pairs(Qualification.counts_as.through, "from_qualification_id", "to_qualification_id")
    facts = []
    rows = profiles.order_by().values_list(
        "pk", "user_id", "experience_years", "desired_wage", "shifts", "dormitory"
    )
    for pk, user_id, years, desired_wage, shifts, dormitory in rows:
        held_ids = held.get(pk, set())
        counted = tuple(
            sorted((old, new) for old in held_ids for new in counts_as.get(old, ()) if new not in held_ids)
        )
        qualification_ids = frozenset(held_ids) | {new for _old, new in counted}
        process_ids = frozenset(processes.get(pk, ()))
        technology_ids = set(technologies.get(pk, ()))
        technology_ids |= {technology_of_process[p] for p in process_ids}
        for qualification_id in qualification_ids:
            technology_ids |= technologies_of_qualification.get(qualification_id, set())
        facts.append(
            (
                pk,
                SeekerFacts(
                    seeker_id=user_id,
                    qualification_ids=qualification_ids,
                    process_ids=process_ids,
                    technology_ids=frozenset(technology_ids),
                    experience_years=years,
                    complex_ids=frozenset(complexes.get(pk, ())),
                    desired_wage=desired_wage,
                    shifts=frozenset(shifts or ()),
                    dormitory=dormitory,
                    counted=counted,
                ),
            )
        )
    return facts


# How long the deletion log keeps a row: a process whose last look is older reads everything again.
DELETION_LOG_KEPT = timedelta(days=1)


def row_deleted(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """post_delete of a posting or a profile: logged for the kept facts (and the log kept to a day)."""
    now = timezone.now()
    kind = DeletedRow.Kind.JOB if sender is JobPosting else DeletedRow.Kind.PROFILE
    DeletedRow.objects.create(kind=kind, row_id=instance.pk, deleted_at=now)
    DeletedRow.objects.filter(kind=kind, deleted_at__lt=now - DELETION_LOG_KEPT).delete()


# --- kept in each process -----------------------------------------------------------------------------

# Longer than any transaction that writes a posting or a profile.
MARGIN = timedelta(minutes=5)


@dataclass
class _Held[F: (JobFacts, SeekerFacts)]:
    facts: dict[int, F] = field(default_factory=dict)  # by row id
    by_technology: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    checked_at: datetime | None = None  # when the rows were last read (this process's clock)
    database: str = ""
    loaded: bool = False


class FactsCache[F: (JobFacts, SeekerFacts)]:
    """The facts of the rows of `members()` (open postings, discoverable profiles) by row id; `rows()`
    is every row of the table, whose changes may take one in or out."""

    def __init__(
        self,
        *,
        rows: Callable[[], QuerySet[Any]],
        members: Callable[[], QuerySet[Any]],
        deleted: str,
        build: Callable[[QuerySet[Any]], list[tuple[int, F]]],
        technologies: Callable[[F], frozenset[int]],
    ) -> None:
        self._rows = rows
        self._members = members
        self._deleted_kind = deleted
        self._build: Callable[[QuerySet[Any]], list[tuple[int, F]]] = build
        self._technologies: Callable[[F], frozenset[int]] = technologies
        self._held: _Held[F] = _Held()
        self._lock = threading.Lock()

    def current(self) -> _Held[F]:
        """The facts as of now. A held set is never changed once handed out (a change makes a new one),
        so a thread may read it while another brings the cache up to date."""
        with self._lock:
            database = str(connection.settings_dict["NAME"])
            stale = self._held.checked_at is None or (
                # Two margins: one for a late commit, one for another server's clock.
                timezone.now() - self._held.checked_at > DELETION_LOG_KEPT - 2 * MARGIN
            )
            if not self._held.loaded or database != self._held.database or stale:
                # First use, another database, or idle for longer than the deletion log reaches back.
                self._held = self._load_all(database)
                return self._held
            self._held = self._load_changed(self._held)
            return self._held

    def forget(self) -> None:
        """Read everything again at the next use (the test suite rolls its rows back after each test,
        which no log of changes can see)."""
        with self._lock:
            self._held = _Held()

    def of_technology(self, technology_ids: frozenset[int]) -> list[F]:
        held = self.current()
        ids: set[int] = set()
        for technology_id in technology_ids:
            ids |= held.by_technology.get(technology_id, set())
        return [held.facts[i] for i in sorted(ids)]

    def everything(self) -> list[F]:
        return list(self.current().facts.values())

    def _load_all(self, database: str) -> _Held[F]:
        held: _Held[F] = _Held(database=database, loaded=True, checked_at=timezone.now())
        for pk, facts in self._build(self._members()):
            self._put(held, pk, facts)
        return held

    def _load_changed(self, held: _Held[F]) -> _Held[F]:
        """The rows saved since the last read, less the margin (a write that began before that read
        and committed after it, or another server's clock a little behind), in a copy of `held`."""
        assert held.checked_at is not None
        checked_at = timezone.now()
        since = held.checked_at - MARGIN
        changed = list(self._rows().filter(updated_at__gte=since).values_list("pk", flat=True))
        # Deleted rows leave no updated_at behind: the post_delete log says which went.
        changed += DeletedRow.objects.filter(kind=self._deleted_kind, deleted_at__gte=since).values_list(
            "row_id", flat=True
        )
        if not changed:
            held.checked_at = checked_at
            return held
        fresh: _Held[F] = _Held(
            facts=dict(held.facts),
            by_technology=defaultdict(set, {t: set(ids) for t, ids in held.by_technology.items()}),
            checked_at=checked_at,
            database=held.database,
            loaded=True,
        )
        for pk in changed:
            self._drop(fresh, pk)
        for pk, facts in self._build(self._members().filter(pk__in=changed)):
            self._put(fresh, pk, facts)
        return fresh

    def _put(self, held: _Held[F], pk: int, facts: F) -> None:
        held.facts[pk] = facts
        for technology_id in self._technologies(facts):
            held.by_technology[technology_id].add(pk)

    def _drop(self, held: _Held[F], pk: int) -> None:
        facts = held.facts.pop(pk, None)
        if facts is not None:
            for technology_id in self._technologies(facts):
                held.by_technology[technology_id].discard(pk)


OPEN_JOBS: FactsCache[JobFacts] = FactsCache(
    rows=lambda: JobPosting.objects.all(),
    members=lambda: JobPosting.objects.filter(status=JobPosting.Status.OPEN),
    deleted=DeletedRow.Kind.JOB,
    build=lambda jobs: [(facts.job_id, facts) for facts in job_facts(jobs)],
    technologies=lambda facts: frozenset({facts.technology_id}),
)
DISCOVERABLE_SEEKERS: FactsCache[SeekerFacts] = FactsCache(
    rows=lambda: SeekerProfile.objects.all(),
    members=lambda: SeekerProfile.objects.filter(discoverable=True),
    deleted=DeletedRow.Kind.PROFILE,
    build=seeker_facts_by_profile,
    technologies=lambda facts: facts.technology_ids,
)
