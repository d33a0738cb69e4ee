"""Builders for the agreements' tests: the records of each app an actual is counted from (desk experts'
offers and consultations, solved and unsolved cases, a cohort's students, incentive applications and
installments, employments), written as rows with the dates a test needs, and a commitment with one
period per measure."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ppuri.challenges.models import Challenge, Consultation, Offer
from ppuri.graduate.models import Cohort, Student
from ppuri.incentives.models import IncentiveApplication, IncentiveCase, Installment, Program
from ppuri.programs.models import Agreement, Commitment, CommitmentPeriod, Partner
from ppuri.tenure.models import Employment
from tests.desk_fixtures import make_expert
from tests.factories import OrganizationFactory, SiteFactory

SEOUL = ZoneInfo("Asia/Seoul")
_serial = itertools.count(1)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment of that day in Incheon."""
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)


def company(name: str | None = None):
    organization = OrganizationFactory(**({"name": name} if name else {}))
    SiteFactory(organization=organization)
    return organization


# --- the desk ---------------------------------------------------------------------------------------


def expert(name: str, organization):
    return make_expert(name, organization)


def case(
    owner,
    *,
    status: str = Challenge.Status.IN_PROGRESS,
    outcome: str = "",
    resolved_at: datetime | None = None,
    public: bool = False,
    title: str | None = None,
) -> Challenge:
    return Challenge.objects.create(
        company=owner,
        title=title or f"한계기술 과제 {next(_serial)}",
        description="주조 기공 불량을 줄이는 공정 조건",
        status=status,
        outcome=outcome,
        resolved_at=resolved_at,
        confidentiality=Challenge.Confidentiality.PUBLIC
        if public
        else Challenge.Confidentiality.CONFIDENTIAL,
    )


def offer(challenge: Challenge, who, *, status: str = Offer.Status.ACCEPTED, responded_at=None) -> Offer:
    return Offer.objects.create(challenge=challenge, expert=who, status=status, responded_at=responded_at)


def consultation(challenge: Challenge, who, held_on: date) -> Consultation:
    return Consultation.objects.create(
        challenge=challenge,
        expert=who,
        held_on=held_on,
        mode=Consultation.Mode.VISIT,
        hours=2,
        notes="현장 자문",
    )


# --- the graduate school ------------------------------------------------------------------------------


def cohort(year: int) -> Cohort:
    return Cohort.objects.create(year=year, target=30, starts_on=date(year, 3, 2))


def student(in_cohort: Cohort, status: str, name: str | None = None) -> Student:
    graduated_on = date(in_cohort.year + 2, 2, 20) if status == Student.Status.GRADUATED else None
    return Student.objects.create(
        cohort=in_cohort, name=name or f"학생{next(_serial)}", status=status, graduated_on=graduated_on
    )


# --- incentives and tenure --------------------------------------------------------------------------------


def incentive_program() -> Program:
    return Program.objects.create(
        name="뿌리산업 청년 경력형성 장려금",
        budget=1_580_000_000,
        headcount_cap=300,
        per_company_cap=10,
        per_root_company_cap=10,
        hire_from=date(2019, 1, 1),
        hire_to=date(2025, 12, 31),
        schedule=[{"month": 3, "amount": 900_000}, {"month": 6, "amount": 900_000}],
    )


def application(
    program: Program,
    employer,
    *,
    status: str,
    decided_at: datetime | None,
    person: str = "김하늘",
    phone: str | None = None,
) -> IncentiveApplication:
    serial = next(_serial)
    phone = phone or f"010-1234-{serial:04d}"
    return IncentiveApplication.objects.create(
        program=program,
        company=employer,
        site=employer.sites.first(),
        person_name=person,
        birth_year_month="1998-05",
        incheon_resident=True,
        phone=phone,
        person_key=f"{person}|1998-05|{phone}",
        hire_date=date(2021, 3, 2),
        monthly_wage=2_900_000,
        employees=30,
        eligible=True,
        status=status,
        consent_token_hash=f"{serial:064x}",
        decided_at=decided_at,
    )


def employment(employer, hired_on: date, separated_on: date | None = None) -> Employment:
    return Employment.objects.create(
        company=employer,
        source=Employment.Source.JOB_APPLICATION,
        hired_on=hired_on,
        separated_on=separated_on,
        separation_reason="voluntary" if separated_on else "",
    )


def supported_case(approved: IncentiveApplication, hired_on: date = date(2021, 3, 2)) -> IncentiveCase:
    return IncentiveCase.objects.create(
        application=approved,
        program=approved.program,
        company=approved.company,
        employment=Employment.objects.create(
            company=approved.company, source=Employment.Source.INCENTIVE, hired_on=hired_on
        ),
        approved_at=approved.decided_at,
    )


def installment(
    of_case: IncentiveCase, number: int, amount: int, *, paid_on: date | None, status: str | None = None
) -> Installment:
    return Installment.objects.create(
        case=of_case,
        number=number,
        month=number * 3,
        amount=amount,
        due_on=paid_on or date(2021, 12, 1),
        status=status or (Installment.Status.PAID if paid_on else Installment.Status.SCHEDULED),
        paid_on=paid_on,
    )


# --- agreements -------------------------------------------------------------------------------------------


def agreement(slug: str = "test-agreement", *, public: bool = True) -> Agreement:
    return Agreement.objects.create(
        slug=slug, title="시험 협약", title_en="Test agreement", signed_on=date(2020, 12, 1), public=public
    )


def partner(of: Agreement, name: str = "인천테크노파크", *, editors=(), organization=None) -> Partner:
    made = Partner.objects.create(agreement=of, name=name, organization=organization)
    made.editors.set(editors)
    return made


def commitment(
    of: Agreement,
    by: Partner,
    measure: str = Commitment.Measure.MANUAL,
    *,
    code: str | None = None,
    unit: str = "명",
    organization=None,
    public: bool = True,
    periods=((date(2021, 1, 1), date(2021, 12, 31), 100),),
) -> tuple[Commitment, list[CommitmentPeriod]]:
    made = Commitment.objects.create(
        agreement=of,
        partner=by,
        code=code or str(next(_serial)),
        title=f"약속 {measure}",
        title_en=f"Commitment {measure}",
        indicator=f"지표 {measure}",
        indicator_en=f"Indicator {measure}",
        unit=unit,
        measure=measure,
        measure_organization=organization,
        public=public,
    )
    made_periods = [
        CommitmentPeriod.objects.create(
            commitment=made, label=f"{starts:%Y}년", starts_on=starts, ends_on=ends, target=target
        )
        for starts, ends, target in periods
    ]
    return made, made_periods


def days(start: date, n: int) -> date:
    return start + timedelta(days=n)
