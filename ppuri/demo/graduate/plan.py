"""The graduate demo's plan: its assumptions (cohort sizes, shares, tracks, this year's round), the
planned partners, projects, students and survey answers the timeline's steps act on, and the names and
words it draws."""

import random
from dataclasses import dataclass, field
from datetime import date

from ppuri.accounts.models import User
from ppuri.challenges.models import Challenge, Expert
from ppuri.demo.datafiles import data_file
from ppuri.graduate.models import Placement, Project, Student, ThesisMilestone
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization

FIRST_YEAR = 2020
NOTE_2020 = "개원 첫해 정원 30명, 입학 28명(파이낸셜뉴스 2019-09-18)"
NOTE_RAMP = "2019년 협약의 석사급 연 50명으로 늘려 가는 단계(목표·입학 인원은 데모의 가정)"
NOTE_LATER = "2019년 협약: 석사급 연 50명(입학 인원은 데모의 가정)"
# (target, admitted) per cohort. 2020's are the reported capacity and intake; the rest are the demo's
# assumption: targets ramp up to the agreement's ~50 a year (PPURI_GRADUATE_COHORT_TARGET from 2024),
# intakes a little under them.
COHORTS = {2020: (30, 28), 2021: (35, 32), 2022: (40, 37), 2023: (45, 41), 2024: (50, 45), 2025: (50, 44)}
ADMITTED_LATER = 47
ACCOUNTS_FROM = 2025  # students of these cohorts sign up on Ppuri (45% of them); earlier ones were entered
ACCOUNT_SHARE = 0.45
WITHDRAWN_SHARE, SPONSORED_SHARE, PAIR_SHARE, NDA_SHARE = 0.06, 0.35, 0.25, 0.3
UNMATCHED_PROJECTS = 2  # per round: published, nobody matched, withdrawn by the company after the round
LATE_STUDENTS = 3  # of the latest cohort: no project in the spring round, in this year's round instead


@dataclass(frozen=True)
class _Track:
    """When a student's reviews and graduation fall: (years after entering, month, day)."""

    proposal: tuple[int, int, int]
    midterm: tuple[int, int, int]
    defense: tuple[int, int, int]
    graduation: tuple[int, int, int]


TRACKS = {
    "fast": _Track((1, 4, 14), (1, 10, 13), (2, 6, 9), (2, 8, 24)),
    "normal": _Track((1, 4, 14), (2, 4, 13), (2, 11, 23), (3, 2, 23)),
    "slow": _Track((1, 12, 8), (2, 10, 12), (3, 6, 8), (3, 8, 24)),
}
TRACK_WEIGHTS = {"fast": 15, "normal": 62, "slow": 23}
OUTCOME_WEIGHTS = {Project.Outcome.SOLVED: 55, Project.Outcome.PARTLY: 33, Project.Outcome.NOT_SOLVED: 12}
REVISE_NOTES = [
    "연구 범위를 줄이고 실험 계획을 구체화할 것",
    "기업 자료의 사용 범위를 멘토와 다시 정리할 것",
    "비교 대상(현행 조건)의 측정값을 보완할 것",
]
MOTIVATIONS = [
    "{tech} 공정에서 {years}년 일하며 같은 문제를 겪었습니다. 현장 데이터로 원인을 찾고 싶습니다.",
    "학부에서 {tech_obj} 공부했고, 기업의 실제 문제로 학위 논문을 쓰고 싶어 지원합니다.",
    "과제의 데이터로 불량 예측 모델을 만들어 보고 싶습니다. 통계 분석과 파이썬을 다룰 수 있습니다.",
    "현장 실험과 해석을 함께 해 볼 수 있는 과제라 관심이 있습니다. 멘토님과 자주 만나며 진행하겠습니다.",
]

# This round's projects not drawn from a case: (partner key, proposed, published, withdrawn days ago).
CURRENT_GENERATED = [
    ("@buyer", 70, 60, None),
    ("@supplier2", 50, 42, None),
    ("bupyeong-frame", 30, None, 12),
    ("@supplier", 5, None, None),
]
# Seekers who ask to be recognised as students of the latest cohort: (account, field, days ago, confirmed).
SEEKER_REQUESTS = [
    ("seeker-minseo", "surface-treatment", 21, True),
    ("seeker-seoyeon", "heat-treatment", 6, False),
    ("seeker-sua", "casting", 2, False),
]
NAMED_ACCOUNTS = ["student", "alumni", "seeker-minseo"]


# --- the plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Partner:
    """A partner firm: its key (sourcing.toml's, or "@username"), the member who acts, its processes."""

    key: str
    company: Organization
    member: User
    processes: list[Process]


@dataclass
class _Answer:
    """A graduate's answer to one survey."""

    outcome: str
    employer: Organization | None = None
    employer_name: str = ""
    root: bool | None = None  # for an employer outside the registry
    role: str = ""
    hired_on: date | None = None


@dataclass
class _PlannedProject:
    company: Organization
    member: User
    process: Process | None
    technology: Technology | None
    title: str
    summary: str
    problem: str
    data_shared: str
    result: str
    mentor_name: str
    mentor_title: str
    nda: bool
    proposed_on: date
    published_on: date | None
    challenge: Challenge | None = None
    outcome: str = ""
    consent: bool = False
    students: list["_PlannedStudent"] = field(default_factory=list)
    project: Project | None = None
    advisor: Expert | None = None

    @property
    def processes(self) -> list[Process]:
        return [self.process] if self.process is not None else []


@dataclass
class _PlannedStudent:
    year: int
    number: int
    name: str
    email: str
    rng: random.Random
    track: str = "normal"
    technology: Technology | None = None
    processes: list[Process] = field(default_factory=list)
    sponsor: Organization | None = None
    username: str = ""  # signs up on signup_on (or asks to be recognised: `request`)
    signup_on: date | None = None
    withdraw_on: date | None = None
    late: bool = False  # of the latest cohort, with a project of this year's round instead
    named: bool = False  # one of the documented accounts
    project: _PlannedProject | None = None
    interests: list[tuple[date, _PlannedProject]] = field(default_factory=list)
    dropped_interest: tuple[date, _PlannedProject] | None = None
    internship: bool = False
    at_graduation: _Answer | None = None
    after_15m: _Answer | None = None
    left_on: date | None = None  # left the first employer before the 15-month survey
    # Written as the plan runs.
    student: Student | None = None
    user: User | None = None
    held: list[tuple[date, str, str]] | None = None  # (day, kind, state) of each review, drawn once
    milestones: dict[str, ThesisMilestone] = field(default_factory=dict)
    first_placement: Placement | None = None

    @property
    def track_dates(self) -> _Track:
        return TRACKS[self.track]


class _Names:
    """Synthetic Korean names from experts.toml's lists, none given twice."""

    def __init__(self) -> None:
        people = data_file("experts.toml")["people"]
        self.surnames = [surname for surname, _weight in people["surnames"]]
        self.weights = [weight for _surname, weight in people["surnames"]]
        self.given = people["given_names"]
        self.used: set[str] = set()

    def draw(self, rng: random.Random) -> str:
        while True:
            name = rng.choices(self.surnames, weights=self.weights)[0] + rng.choice(self.given)
            if name not in self.used:
                self.used.add(name)
                return name


def _object_particle(word: str) -> str:
    """word + 을/를: 을 after a final consonant."""
    last = word[-1] if word else ""
    has_final = "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 != 0
    return word + ("을" if has_final else "를")
