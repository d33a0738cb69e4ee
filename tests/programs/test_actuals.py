"""Done when (issue 17, 1): each actual counted from Ppuri's records equals a count made independently —
by hand on a small set of rows placed on and around the period's edges (in Incheon's time zone), and by
a second, naive count (Python over every row) on many rows of random dates. Experts active, cases
solved, students enrolled, youth approved, won paid, hires and hires retained 12 months."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ppuri.challenges.models import Challenge, Consultation, Expert, Offer
from ppuri.core import clock
from ppuri.graduate.models import Student
from ppuri.graduate.selectors import cohort_figures
from ppuri.incentives.models import IncentiveApplication, Installment
from ppuri.programs import actuals
from ppuri.programs.models import Commitment
from ppuri.tenure.models import Employment
from tests.programs import agreements_setup as build
from tests.programs.agreements_setup import at

pytestmark = pytest.mark.django_db

Measure = Commitment.Measure
YEAR_2021 = ((date(2021, 1, 1), date(2021, 12, 31), 100),)
TODAY = date(2023, 6, 1)
ACCEPTED, COMPLETED, DECLINED = Offer.Status.ACCEPTED, Offer.Status.COMPLETED, Offer.Status.DECLINED
APPROVED = IncentiveApplication.Status.APPROVED


@pytest.fixture(autouse=True)
def fixed_today():
    with clock.fixed(TODAY):
        yield


@pytest.fixture
def deal(institutions):
    """A test agreement with one partner; `measure(…)` makes a commitment and its 2021 period."""
    agreement = build.agreement()
    partner = build.partner(agreement)

    def measure(kind, *, organization=None, periods=YEAR_2021):
        commitment, periods_made = build.commitment(
            agreement, partner, kind, organization=organization, periods=periods
        )
        return commitment, periods_made[0]

    return measure


# --- by hand ------------------------------------------------------------------------------------------


@pytest.fixture
def desk(institutions):
    """Six POSCO experts and one KITECH expert on six cases (the comment of each says why it counts)."""
    posco, kitech = institutions["posco"], institutions["kitech"]
    owner = build.company("인천정밀주조(주)")
    p = {n: build.expert(f"포스코{n}", posco) for n in range(1, 7)}
    k1 = build.expert("생기원1", kitech)
    # a: solved in the period, taken by p1, who accepted in the period.
    a = build.case(
        owner, status="resolved", outcome="solved", resolved_at=at(date(2021, 3, 5)), title="사례 a"
    )
    build.offer(a, p[1], responded_at=at(date(2021, 1, 15)))
    # b: closed, solved in the period's last minute, taken by k1 (KITECH), accepted in the period.
    b = build.case(owner, status="closed", outcome="solved", resolved_at=at(date(2021, 12, 31), 23, 59))
    build.offer(b, k1, responded_at=at(date(2021, 4, 1)))
    # c: partly solved (not counted); p2 accepted before the period but consulted on its last day.
    c = build.case(owner, status="resolved", outcome="partly", resolved_at=at(date(2021, 5, 1)))
    build.offer(c, p[2], responded_at=at(date(2020, 11, 1)))
    build.consultation(c, p[2], date(2021, 12, 31))
    # d: solved a minute after the period; p3 accepted the evening before it began, consulted after.
    d = build.case(owner, status="resolved", outcome="solved", resolved_at=at(date(2022, 1, 1), 0, 1))
    build.offer(d, p[3], responded_at=at(date(2020, 12, 31), 23, 30))
    build.consultation(d, p[3], date(2022, 1, 1))
    # e: still in progress. p4 declined in the period (not active); p5 accepted ten minutes into the
    # period in Incheon (still 2020-12-31 in UTC); p6 accepted, completed and consulted (counted once).
    e = build.case(owner)
    build.offer(e, p[4], status=DECLINED, responded_at=at(date(2021, 5, 1)))
    build.offer(e, p[5], responded_at=at(date(2021, 1, 1), 0, 10))
    build.offer(e, p[6], status=COMPLETED, responded_at=at(date(2021, 6, 1)))
    build.consultation(e, p[6], date(2021, 6, 10))
    # f: solved in the period; its only POSCO offer was declined, so it is no POSCO expert's case.
    f = build.case(owner, status="resolved", outcome="solved", resolved_at=at(date(2021, 7, 1)))
    build.offer(f, p[4], status=DECLINED, responded_at=at(date(2021, 6, 1)))
    return {"posco": posco, "kitech": kitech, "cases": {"a": a, "b": b, "f": f}, "p": p, "k1": k1}


def test_experts_active_by_hand(deal, desk):
    p = desk["p"]
    for organization, expected in (
        (desk["posco"], {p[1], p[2], p[5], p[6]}),
        (desk["kitech"], {desk["k1"]}),
        (None, {p[1], p[2], p[5], p[6], desk["k1"]}),
    ):
        commitment, period = deal(Measure.EXPERTS_ACTIVE, organization=organization)
        assert actuals.experts_active(commitment, period) == len(expected)
        assert set(actuals.active_experts(commitment, period)) == expected
        assert actuals.actual_of(commitment, period).source == actuals.SOURCE_RECORDS


def test_cases_solved_by_hand(deal, desk):
    cases = desk["cases"]
    for organization, expected in (
        (desk["posco"], {cases["a"]}),
        (desk["kitech"], {cases["b"]}),
        (None, {cases["a"], cases["b"], cases["f"]}),
    ):
        commitment, period = deal(Measure.CASES_SOLVED, organization=organization)
        assert actuals.cases_solved(commitment, period) == len(expected)
        assert set(actuals.solved_cases(commitment, period)) == expected


def test_students_enrolled_by_hand_and_as_the_cohort_figures_count_them(deal, operator):
    cohort_2021, cohort_2020 = build.cohort(2021), build.cohort(2020)
    for status in (
        "enrolled",
        "enrolled",
        "thesis",
        "graduated",
        "withdrawn",
        "pending",
        "pending",
        "rejected",
    ):
        build.student(cohort_2021, status)
    for _ in range(3):
        build.student(cohort_2020, "enrolled")
    commitment, period = deal(Measure.STUDENTS_ENROLLED, periods=((date(2021, 3, 1), date(2022, 2, 28), 50),))
    assert actuals.students_enrolled(commitment, period) == 5  # pending and rejected are no students
    figures = {f.year: f.enrolled for f in cohort_figures(operator)}
    assert actuals.students_enrolled(commitment, period) == figures[2021]
    _, period_2020 = deal(Measure.STUDENTS_ENROLLED, periods=((date(2020, 3, 1), date(2021, 2, 28), 50),))
    assert actuals.students_enrolled(commitment, period_2020) == figures[2020] == 3


@pytest.fixture
def youth():
    """Applications approved, refused and waiting around 2021, and their installments paid or not."""
    owner = build.company("남동주물(주)")
    first, second = build.incentive_program(), build.incentive_program()
    a1 = build.application(
        first, owner, status=APPROVED, decided_at=at(date(2021, 2, 1)), person="김하늘", phone="010-1111-1111"
    )
    a2 = build.application(first, owner, status=APPROVED, decided_at=at(date(2021, 3, 1)), person="이바다")
    # The same young person approved again under another programme: one person supported.
    build.application(
        second,
        owner,
        status=APPROVED,
        decided_at=at(date(2021, 4, 1)),
        person="김하늘",
        phone="010-1111-1111",
    )
    build.application(first, owner, status="rejected", decided_at=at(date(2021, 5, 1)), person="박구름")
    build.application(first, owner, status=APPROVED, decided_at=at(date(2022, 1, 1), 0, 30), person="최별")
    a6 = build.application(
        first, owner, status=APPROVED, decided_at=at(date(2020, 12, 31), 23, 50), person="정산"
    )
    build.application(first, owner, status="pending", decided_at=None, person="한강")
    build.application(first, owner, status="waitlisted", decided_at=None, person="오름")
    case1 = build.supported_case(a1, hired_on=date(2019, 3, 4))
    build.installment(case1, 1, 900_000, paid_on=date(2021, 5, 1))
    # Paid on the period's last day, later found paid after a separation: it was still paid then.
    build.installment(case1, 2, 900_000, paid_on=date(2021, 12, 31), status=Installment.Status.RECOVERING)
    build.installment(case1, 3, 900_000, paid_on=None)
    case2 = build.supported_case(a2, hired_on=date(2019, 3, 4))
    build.installment(case2, 1, 700_000, paid_on=date(2022, 1, 1))
    build.installment(case2, 2, 500_000, paid_on=date(2021, 1, 1))
    case6 = build.supported_case(a6, hired_on=date(2019, 3, 4))
    build.installment(case6, 1, 300_000, paid_on=date(2020, 12, 31))


def test_youth_approved_and_paid_by_hand(deal, youth):
    approved, period = deal(Measure.YOUTH_APPROVED)
    assert actuals.youth_approved(approved, period) == 2  # 김하늘 (twice) and 이바다
    assert actuals.approved_applications(approved, period).count() == 3
    paid, period = deal(Measure.YOUTH_PAID_KRW, periods=((date(2021, 1, 1), date(2021, 12, 31), 10**9),))
    assert actuals.youth_paid_krw(paid, period) == 900_000 + 900_000 + 500_000


@pytest.fixture
def hires():
    owner = build.company("서해단조(주)")
    made = {
        "e1": build.employment(owner, date(2021, 1, 1)),  # still employed
        "e2": build.employment(owner, date(2021, 12, 31), date(2022, 12, 31)),  # left on day 365
        "e3": build.employment(owner, date(2021, 6, 1), date(2022, 6, 2)),  # left on day 366
        "e4": build.employment(owner, date(2021, 6, 1), date(2021, 9, 1)),
        "e5": build.employment(owner, date(2020, 12, 31)),  # before the period
        "e6": build.employment(owner, date(2022, 1, 1)),  # after it
        "e7": build.employment(owner, date(2021, 7, 1), date(2023, 1, 1)),
    }
    return made


def test_hires_and_hires_retained_12_months_by_hand(deal, hires):
    started, period = deal(Measure.HIRES)
    assert set(actuals.hires_started(started, period)) == {hires[k] for k in ("e1", "e2", "e3", "e4", "e7")}
    assert actuals.hires(started, period) == 5
    retained, period = deal(Measure.HIRES_RETAINED_12M)
    # 12 months of tenure.retention (365.25 days): day 366 is past them, day 365 is not.
    assert set(actuals.hires_retained(retained, period)) == {hires["e1"], hires["e3"], hires["e7"]}
    assert actuals.hires_retained_12m(retained, period) == 3


def test_retention_waits_until_12_months_have_passed(deal, hires):
    retained, period = deal(Measure.HIRES_RETAINED_12M)
    with clock.fixed(date(2022, 6, 1)):
        # e1: 516 days; e3 still employed but only 365 days in; e7 335 days.
        assert set(actuals.hires_retained(retained, period)) == {hires["e1"]}
    with clock.fixed(date(2022, 6, 2)):
        assert set(actuals.hires_retained(retained, period)) == {hires["e1"], hires["e3"]}


def test_a_manual_commitment_reports_its_partners_figure_with_evidence(deal):
    commitment, period = deal(Measure.MANUAL)
    assert actuals.actual_of(commitment, period) == actuals.Actual(value=None, source=actuals.SOURCE_MANUAL)
    period.manual_actual, period.evidence = 42, "2021년 사업 결과보고서"
    period.save()
    actual = actuals.actual_of(commitment, period)
    assert (actual.value, actual.source, actual.evidence) == (42, "manual", "2021년 사업 결과보고서")


# --- against a naive count over many random rows ------------------------------------------------------------

START, END = date(2021, 1, 1), date(2021, 12, 31)


def _local(moment) -> date:
    return timezone.localtime(moment).date()


def _in(day) -> bool:
    return day is not None and START <= day <= END


def _random_day(rng: random.Random) -> date:
    # Around the period, with its edges and their neighbours drawn often.
    edges = [START, END, START - timedelta(days=1), END + timedelta(days=1)]
    return rng.choice(edges) if rng.random() < 0.3 else date(2020, 7, 1) + timedelta(days=rng.randrange(730))


def _random_moment(rng: random.Random):
    return at(_random_day(rng), rng.choice([0, 8, 12, 23]), rng.choice([0, 10, 59]))


@pytest.fixture
def many(institutions):
    rng = random.Random(20230601)
    organizations = [institutions["posco"], institutions["kitech"], institutions["inha"]]
    experts = [build.expert(f"전문가{i}", organizations[i % 3]) for i in range(12)]
    owners = [build.company() for _ in range(3)]
    for _ in range(30):
        status, outcome = rng.choice(
            [("resolved", "solved"), ("closed", "solved"), ("resolved", "partly"), ("closed", "not_solved"),
             ("in_progress", ""), ("offered", "")]
        )  # fmt: skip
        challenge = build.case(
            rng.choice(owners),
            status=status,
            outcome=outcome,
            resolved_at=_random_moment(rng) if outcome else None,
        )
        for who in rng.sample(experts, rng.randrange(0, 3)):
            offer_status = rng.choice(
                [ACCEPTED, COMPLETED, DECLINED, Offer.Status.OFFERED, Offer.Status.WITHDRAWN]
            )
            responded = None if offer_status == Offer.Status.OFFERED else _random_moment(rng)
            build.offer(challenge, who, status=offer_status, responded_at=responded)
            if offer_status in (ACCEPTED, COMPLETED) and rng.random() < 0.5:
                build.consultation(challenge, who, _random_day(rng))
    cohorts = {year: build.cohort(year) for year in (2020, 2021, 2022)}
    for _ in range(40):
        build.student(rng.choice(list(cohorts.values())), rng.choice([s.value for s in Student.Status]))
    programs = [build.incentive_program() for _ in range(2)]
    people = [f"청년{i}" for i in range(15)]
    for _ in range(40):
        status = rng.choice(["approved", "approved", "rejected", "pending", "waitlisted"])
        person, program = rng.choice(people), rng.choice(programs)
        if (
            status == "approved"
            and IncentiveApplication.objects.filter(
                program=program, person_name=person, status=APPROVED
            ).exists()
        ):
            status = "rejected"  # one approval per person and programme (a database constraint)
        made = build.application(
            program,
            rng.choice(owners),
            status=status,
            decided_at=_random_moment(rng) if status in ("approved", "rejected") else None,
            person=person,
            phone="010-0000-" + person[-1].zfill(4),
        )
        if status == "approved":
            case = build.supported_case(made, hired_on=_random_day(rng))
            for number in range(1, rng.randrange(1, 4) + 1):
                paid = rng.random() < 0.7
                build.installment(case, number, rng.choice([300_000, 900_000, 1_250_000]),
                                  paid_on=_random_day(rng) if paid else None)  # fmt: skip
    for _ in range(60):
        hired = _random_day(rng)
        left = (
            hired + timedelta(days=rng.choice([30, 364, 365, 366, 400, 900])) if rng.random() < 0.6 else None
        )
        build.employment(rng.choice(owners), hired, left)
    return {"organizations": organizations}


def _naive_experts(organization) -> int:
    active = set()
    for offer in Offer.objects.all():
        if offer.status in (ACCEPTED, COMPLETED) and offer.responded_at and _in(_local(offer.responded_at)):
            active.add(offer.expert_id)
    for consultation in Consultation.objects.all():
        if _in(consultation.held_on):
            active.add(consultation.expert_id)
    return sum(1 for pk in active if organization is None or _expert_org(pk) == organization.pk)


def _expert_org(pk: int) -> int:
    return Expert.objects.get(pk=pk).organization_id


def _naive_cases(organization) -> int:
    count = 0
    for challenge in Challenge.objects.all():
        if challenge.outcome != "solved" or challenge.status not in ("resolved", "closed"):
            continue
        if not challenge.resolved_at or not _in(_local(challenge.resolved_at)):
            continue
        takers = {
            o.expert.organization_id for o in challenge.offers.all() if o.status in (ACCEPTED, COMPLETED)
        }
        count += organization is None or organization.pk in takers
    return count


def _naive_students(year: int) -> int:
    return sum(
        1
        for s in Student.objects.select_related("cohort")
        if s.cohort.year == year and s.status in ("enrolled", "thesis", "graduated", "withdrawn")
    )


def _naive_youth() -> int:
    return len(
        {
            (a.person_name, a.phone)
            for a in IncentiveApplication.objects.all()
            if a.status == "approved" and _in(_local(a.decided_at))
        }
    )


def _naive_paid() -> int:
    return sum(i.amount for i in Installment.objects.all() if _in(i.paid_on))


def _naive_hires(*, retained: bool) -> int:
    count = 0
    for e in Employment.objects.all():
        if not _in(e.hired_on) or e.hired_on > TODAY:
            continue
        if not retained:
            count += 1
            continue
        # Employed on the day 12 months of 365.25/12 days have passed, and that day has come.
        twelve_months = e.hired_on + timedelta(days=366)
        count += twelve_months <= TODAY and (e.separated_on is None or e.separated_on >= twelve_months)
    return count


def test_every_records_actual_equals_a_naive_count(deal, many):
    for organization in [None, *many["organizations"]]:
        commitment, period = deal(Measure.EXPERTS_ACTIVE, organization=organization)
        assert actuals.actual_of(commitment, period).value == _naive_experts(organization) > 0
        commitment, period = deal(Measure.CASES_SOLVED, organization=organization)
        assert actuals.actual_of(commitment, period).value == _naive_cases(organization)
    assert _naive_cases(None) > 0
    commitment, period = deal(Measure.STUDENTS_ENROLLED, periods=((date(2021, 3, 1), date(2022, 2, 28), 50),))
    assert actuals.actual_of(commitment, period).value == _naive_students(2021) > 0
    commitment, period = deal(Measure.YOUTH_APPROVED)
    assert actuals.actual_of(commitment, period).value == _naive_youth() > 0
    commitment, period = deal(Measure.YOUTH_PAID_KRW)
    assert actuals.actual_of(commitment, period).value == _naive_paid() > 0
    commitment, period = deal(Measure.HIRES)
    assert actuals.actual_of(commitment, period).value == _naive_hires(retained=False) > 0
    commitment, period = deal(Measure.HIRES_RETAINED_12M)
    assert actuals.actual_of(commitment, period).value == _naive_hires(retained=True) > 0
