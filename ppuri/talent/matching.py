"""Two-way matching of seekers and job postings: one scoring function, read from both sides.

A seeker's list of jobs and a company's list of seekers call the same `score(job, seeker)`, so both
read the same figure, the same factors (`parts`) and the same reasons (`reasons`): the failure of job
boards whose worker page says "matched" while the employer's card says "no basis for match"
(talent-programs-anchors §1.2).

The shape follows Tabiya's explainable matcher (§1.1): a fit of skills and of preferences, multiplied
by a coverage factor that penalises each missing *essential* qualification hard; JobTech's split of
what a posting requires from what it merely prefers. Weights are ours, chosen so that a missing
required qualification outweighs everything else the seeker brings (bench/talent_matching.py measures
the ranking against labelled judgements).

Facts are plain ids (no model instances) so that thousands of postings score in a few milliseconds;
names for the reasons come from a `Vocabulary` loaded once per request.
"""

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# Each missing required qualification multiplies the score by this: one missing leaves about a
# third, two about an eighth, so a qualified seeker's job always ranks above an unqualified one's
# of otherwise equal fit.
MISSING_REQUIRED_FACTOR = 0.35
SKILL_WEIGHT = 0.6  # the rest is preferences (place, shift, wage, dormitory)
PROCESSES_WEIGHT, TECHNOLOGY_WEIGHT, EXPERIENCE_WEIGHT, PREFERRED_WEIGHT = 0.45, 0.2, 0.2, 0.15
SKILL_PARTS = {
    "processes": PROCESSES_WEIGHT,
    "technology": TECHNOLOGY_WEIGHT,
    "experience": EXPERIENCE_WEIGHT,
    "preferred_qualifications": PREFERRED_WEIGHT,
}
PREFERENCE_PARTS = ("complex", "shift", "wage", "dormitory")


@dataclass(frozen=True)
class JobFacts:
    job_id: int
    technology_id: int
    process_ids: frozenset[int]
    required_ids: frozenset[int]
    preferred_ids: frozenset[int]
    experience_years_min: int
    shift: str
    wage_min: int
    wage_max: int
    complex_id: int | None
    dormitory: bool
    commuter_bus: bool


@dataclass(frozen=True)
class SeekerFacts:
    seeker_id: int  # the user's id
    qualification_ids: frozenset[int]
    process_ids: frozenset[int]
    # The technologies named and those of the processes and qualifications held.
    technology_ids: frozenset[int]
    experience_years: int
    complex_ids: frozenset[int]
    desired_wage: int | None
    shifts: frozenset[str]
    dormitory: bool
    # (held, counted) for each item the seeker is matched as holding through an abolished one
    # (Qualification.counts_as); qualification_ids includes the counted ones.
    counted: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Match:
    job: JobFacts
    seeker: SeekerFacts
    score: int  # 0–100
    parts: dict[str, float]
    missing_required: tuple[int, ...]
    missing_preferred: tuple[int, ...]


@dataclass
class Vocabulary:
    """Names in the reader's language for the ids in facts: qualifications, processes, technologies,
    complexes, shifts."""

    qualifications: dict[int, str] = field(default_factory=dict)
    qualification_slugs: dict[int, str] = field(default_factory=dict)
    processes: dict[int, str] = field(default_factory=dict)
    technologies: dict[int, str] = field(default_factory=dict)
    complexes: dict[int, str] = field(default_factory=dict)
    shifts: dict[str, str] = field(default_factory=dict)


def _share(wanted: frozenset[int], held: frozenset[int]) -> float:
    return len(wanted & held) / len(wanted) if wanted else 1.0


def _complex_fit(job: JobFacts, seeker: SeekerFacts) -> float:
    if not seeker.complex_ids or job.complex_id in seeker.complex_ids:
        return 1.0
    # Outside the complexes the seeker named: a commuter bus or a dormitory makes the way shorter.
    return 0.6 if (job.commuter_bus or job.dormitory) else 0.4


def _shift_fit(job: JobFacts, seeker: SeekerFacts) -> float:
    return 1.0 if not seeker.shifts or job.shift in seeker.shifts else 0.3


def _wage_fit(job: JobFacts, seeker: SeekerFacts) -> float:
    if not seeker.desired_wage or job.wage_max >= seeker.desired_wage:
        return 1.0
    shortfall = (seeker.desired_wage - job.wage_max) / seeker.desired_wage
    return max(0.0, 1.0 - 2 * shortfall)  # 10 % short → 0.8, half short → 0


def _dormitory_fit(job: JobFacts, seeker: SeekerFacts) -> float:
    return 0.3 if seeker.dormitory and not job.dormitory else 1.0


# The factors in the order _part_values computes them.
PART_NAMES = (
    "required_qualifications",
    "preferred_qualifications",
    "processes",
    "technology",
    "experience",
    "complex",
    "shift",
    "wage",
    "dormitory",
)


def _part_values(job: JobFacts, seeker: SeekerFacts) -> tuple[float, ...]:
    in_field = 1.0 if job.technology_id in seeker.technology_ids else 0.0
    years = job.experience_years_min
    return (
        _share(job.required_ids, seeker.qualification_ids),
        _share(job.preferred_ids, seeker.qualification_ids),
        _share(job.process_ids, seeker.process_ids) if job.process_ids else in_field,
        in_field,
        min(1.0, seeker.experience_years / years) if years else 1.0,
        _complex_fit(job, seeker),
        _shift_fit(job, seeker),
        _wage_fit(job, seeker),
        _dormitory_fit(job, seeker),
    )


def _combine(values: tuple[float, ...], missing_required: int) -> int:
    # Written out (in PART_NAMES' order) rather than summed over SKILL_PARTS: it runs for every pair.
    _required, preferred, processes, technology, experience, complex_, shift, wage, dormitory = values
    skill = (
        PREFERRED_WEIGHT * preferred
        + PROCESSES_WEIGHT * processes
        + TECHNOLOGY_WEIGHT * technology
        + EXPERIENCE_WEIGHT * experience
    )
    preference = (complex_ + shift + wage + dormitory) / len(PREFERENCE_PARTS)
    coverage = MISSING_REQUIRED_FACTOR**missing_required
    return round(100 * (SKILL_WEIGHT * skill + (1 - SKILL_WEIGHT) * preference) * coverage)


def points(job: JobFacts, seeker: SeekerFacts) -> int:
    """score(job, seeker).score without the explanation: for ranking thousands of pairs, after which
    the best few are scored in full (the same figure, by the same two functions)."""
    return _combine(_part_values(job, seeker), len(job.required_ids - seeker.qualification_ids))


def score(job: JobFacts, seeker: SeekerFacts) -> Match:
    """The one score of this seeker for this posting, the same whoever asks."""
    missing_required = tuple(sorted(job.required_ids - seeker.qualification_ids))
    missing_preferred = tuple(sorted(job.preferred_ids - seeker.qualification_ids))
    values = _part_values(job, seeker)
    return Match(
        job=job,
        seeker=seeker,
        score=_combine(values, len(missing_required)),
        parts={name: round(value, 3) for name, value in zip(PART_NAMES, values, strict=True)},
        missing_required=missing_required,
        missing_preferred=missing_preferred,
    )


def ranked(matches: Iterable[Match], *, limit: int | None = None) -> list[Match]:
    """Best first; ties by the newer posting, then the lower seeker id, so the order is stable."""
    ordered = sorted(matches, key=lambda m: (-m.score, -m.job.job_id, m.seeker.seeker_id))
    return ordered[:limit] if limit is not None else ordered


def best_jobs(seeker: SeekerFacts, jobs: Iterable[JobFacts], *, limit: int | None = None) -> list[Match]:
    """The postings best for one seeker, in full, in ranked()'s order."""
    if limit is None:
        return ranked(score(job, seeker) for job in jobs)
    best = heapq.nlargest(limit, jobs, key=lambda job: (points(job, seeker), job.job_id))
    return ranked(score(job, seeker) for job in best)


def seeker_points(job: JobFacts) -> Callable[[SeekerFacts], int]:
    """points(job, ·) for one posting and many seekers, the posting's side worked out once: ranking a
    posting against 20,000 seekers is this function's loop. The same arithmetic, in the same order, as
    _part_values and _combine (tests/talent/test_facts.py checks it gives points()' figure)."""
    required, preferred, processes = job.required_ids, job.preferred_ids, job.process_ids
    technology_id, years, shift = job.technology_id, job.experience_years_min, job.shift
    complex_id, wage_max, job_dormitory = job.complex_id, job.wage_max, job.dormitory
    away = 0.6 if (job.commuter_bus or job.dormitory) else 0.4
    n_required, n_preferred, n_processes = len(required), len(preferred), len(processes)
    parts = len(PREFERENCE_PARTS)

    def points_of(seeker: SeekerFacts) -> int:
        held = seeker.qualification_ids
        in_field = 1.0 if technology_id in seeker.technology_ids else 0.0
        preferred_share = len(preferred & held) / n_preferred if n_preferred else 1.0
        process_share = len(processes & seeker.process_ids) / n_processes if n_processes else in_field
        experience = min(1.0, seeker.experience_years / years) if years else 1.0
        complex_fit = 1.0 if not seeker.complex_ids or complex_id in seeker.complex_ids else away
        shift_fit = 1.0 if not seeker.shifts or shift in seeker.shifts else 0.3
        desired = seeker.desired_wage
        if not desired or wage_max >= desired:
            wage_fit = 1.0
        else:
            wage_fit = max(0.0, 1.0 - 2 * ((desired - wage_max) / desired))
        dormitory_fit = 0.3 if seeker.dormitory and not job_dormitory else 1.0
        skill = (
            PREFERRED_WEIGHT * preferred_share
            + PROCESSES_WEIGHT * process_share
            + TECHNOLOGY_WEIGHT * in_field
            + EXPERIENCE_WEIGHT * experience
        )
        preference = (complex_fit + shift_fit + wage_fit + dormitory_fit) / parts
        missing = n_required - len(required & held) if n_required else 0
        coverage = MISSING_REQUIRED_FACTOR**missing
        return round(100 * (SKILL_WEIGHT * skill + (1 - SKILL_WEIGHT) * preference) * coverage)

    return points_of


def best_seekers(job: JobFacts, seekers: Iterable[SeekerFacts], *, limit: int | None = None) -> list[Match]:
    """The seekers best for one posting, in full, in ranked()'s order."""
    if limit is None:
        return ranked(score(job, seeker) for seeker in seekers)
    points_of = seeker_points(job)
    best = heapq.nlargest(limit, seekers, key=lambda seeker: (points_of(seeker), -seeker.seeker_id))
    return ranked(score(job, seeker) for seeker in best)


def _names(ids: Iterable[int], names: dict[int, str]) -> str:
    return ", ".join(names.get(i, "?") for i in ids)


def _krw(amount: int) -> str:
    return _("%(amount)s원") % {"amount": f"{amount:,}"}


def reasons(match: Match, names: Vocabulary) -> list[str]:
    """The plain reasons behind a match, in the reader's language, most decisive first. Written about
    the pair, not to "you", because the seeker and the company read the same lines."""
    job, seeker = match.job, match.seeker
    lines: list[str] = []
    if match.missing_required:
        lines.append(
            _("필수 자격 없음: %(names)s") % {"names": _names(match.missing_required, names.qualifications)}
        )
    held_required = sorted(job.required_ids & seeker.qualification_ids)
    if held_required:
        lines.append(_("필수 자격 보유: %(names)s") % {"names": _names(held_required, names.qualifications)})
    held_preferred = sorted(job.preferred_ids & seeker.qualification_ids)
    if held_preferred:
        lines.append(_("우대 자격 보유: %(names)s") % {"names": _names(held_preferred, names.qualifications)})
    for held, counted in seeker.counted:
        if counted in job.required_ids or counted in job.preferred_ids:
            lines.append(
                _("%(held)s(폐지 종목) 보유를 %(counted)s 보유로 봄(Ppuri의 매칭 규칙)")
                % {
                    "held": names.qualifications.get(held, "?"),
                    "counted": names.qualifications.get(counted, "?"),
                }
            )
    shared = sorted(job.process_ids & seeker.process_ids)
    if shared:
        lines.append(
            _("경험 공정 일치: %(names)s (%(shared)d/%(wanted)d)")
            % {
                "names": _names(shared, names.processes),
                "shared": len(shared),
                "wanted": len(job.process_ids),
            }
        )
    elif job.process_ids:
        lines.append(
            _("요구 공정 경험 없음: %(names)s") % {"names": _names(sorted(job.process_ids), names.processes)}
        )
    if job.technology_id not in seeker.technology_ids:
        lines.append(
            _("%(technology)s 분야 경험 없음")
            % {"technology": names.technologies.get(job.technology_id, "?")}
        )
    if job.experience_years_min:
        if seeker.experience_years >= job.experience_years_min:
            lines.append(
                _("경력 %(years)d년 (요구 %(minimum)d년 이상)")
                % {"years": seeker.experience_years, "minimum": job.experience_years_min}
            )
        else:
            lines.append(
                _("경력 부족: %(years)d년 (요구 %(minimum)d년 이상)")
                % {"years": seeker.experience_years, "minimum": job.experience_years_min}
            )
    place = names.complexes.get(job.complex_id or 0) or _("개별입지")
    if seeker.complex_ids and job.complex_id not in seeker.complex_ids:
        extras = [
            text
            for flag, text in ((job.commuter_bus, _("통근버스 운행")), (job.dormitory, _("기숙사 제공")))
            if flag
        ]
        lines.append(_("희망 산업단지 밖: %(place)s") % {"place": ", ".join([place, *extras])})
    elif seeker.complex_ids:
        lines.append(_("희망 산업단지: %(place)s") % {"place": place})
    shift = names.shifts.get(job.shift, job.shift)
    if seeker.shifts and job.shift not in seeker.shifts:
        wanted = ", ".join(names.shifts.get(s, s) for s in sorted(seeker.shifts))
        lines.append(_("근무 형태 다름: %(shift)s (가능: %(wanted)s)") % {"shift": shift, "wanted": wanted})
    elif seeker.shifts:
        lines.append(_("근무 형태 맞음: %(shift)s") % {"shift": shift})
    if seeker.desired_wage:
        if job.wage_max >= seeker.desired_wage:
            lines.append(
                _("임금 상한 %(offered)s, 희망 %(desired)s 충족")
                % {"offered": _krw(job.wage_max), "desired": _krw(seeker.desired_wage)}
            )
        else:
            lines.append(
                _("임금 상한 %(offered)s, 희망 %(desired)s에 못 미침")
                % {"offered": _krw(job.wage_max), "desired": _krw(seeker.desired_wage)}
            )
    if seeker.dormitory:
        lines.append(_("기숙사 필요: 제공") if job.dormitory else _("기숙사 필요: 미제공"))
    return lines


def missing(match: Match, names: Vocabulary) -> list[dict[str, Any]]:
    """The qualifications the seeker lacks for this posting, required ones first."""
    return [
        {
            "qualification": names.qualification_slugs.get(qualification_id, ""),
            "name": names.qualifications.get(qualification_id, "?"),
            "required": required,
        }
        for ids, required in ((match.missing_required, True), (match.missing_preferred, False))
        for qualification_id in ids
    ]


def unlocks(seeker: SeekerFacts, jobs: Iterable[JobFacts]) -> dict[int, int]:
    """Qualification id → how many of these postings it is the only missing requirement of."""
    counts: Counter[int] = Counter()
    for job in jobs:
        missing_required = job.required_ids - seeker.qualification_ids
        if len(missing_required) == 1:
            counts[next(iter(missing_required))] += 1
    return dict(counts)


def learning_suggestions(
    unlocked: dict[int, int], names: Vocabulary, *, limit: int = 3
) -> list[dict[str, Any]]:
    """What to learn next: the qualifications that are the only missing requirement of the most
    postings: "가스텅스텐아크용접기능사 취득 시 필수 자격을 모두 갖추는 공고가 3개 늘어납니다"."""
    return [
        {
            "qualification": names.qualification_slugs.get(qualification_id, ""),
            "name": names.qualifications.get(qualification_id, "?"),
            "jobs": count,
            "text": _("%(name)s 취득 시 필수 자격을 모두 갖추는 공고가 %(count)d개 늘어납니다.")
            % {"name": names.qualifications.get(qualification_id, "?"), "count": count},
        }
        for qualification_id, count in sorted(unlocked.items(), key=lambda item: (-item[1], item[0]))[:limit]
    ]
