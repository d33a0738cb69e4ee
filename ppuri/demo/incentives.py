"""The youth-incentive demo: a programme shaped like 2019's (1.58 bn KRW for 300 youth, 900,000 KRW at
3, 6, 9 and 12 months — the schedule is the demo's assumption, as domain-facts §5 found none), cases
in every state (awaiting consent, awaiting review, waitlisted by a company's cap, rejected, approved
with installments paid as their months came, separations that stopped payments, one payment to
recover), and three years of hires without an incentive, some of whom left, for the retention curves.

All of it is synthetic. Everything goes through the services as the people who would act (the operator
on the companies' side: the generated companies have no accounts), with core.clock set to the day each
step would have happened, so installments fall due and are paid in order.
"""

import contextlib
import random
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ppuri.accounts.models import User
from ppuri.core import clock
from ppuri.incentives import services
from ppuri.incentives.models import IncentiveApplication, Installment, Program
from ppuri.registry.models import Organization, Site
from ppuri.tenure.models import Employment, SeparationReason
from ppuri.tenure.services import employment_separate, employment_start

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "하늘",
    "민준",
    "서연",
    "도윤",
    "지우",
    "예준",
    "하은",
    "시우",
    "수아",
    "주원",
    "지호",
    "서준",
    "유나",
    "건우",
]
PDF = b"%PDF-1.4\n% Ppuri demo evidence\n%%EOF\n"
APPROVED, SEPARATED_SHARE = 26, 0.25
WAGES = [2_600_000, 2_800_000, 3_000_000, 3_200_000]
REASONS = SeparationReason.values
COMPANY = Organization.Kind.COMPANY
REJECTION = "4대보험 가입 확인서가 입사일 이후 발급분이 아닙니다. 다시 제출해 주세요."


def _person(rng: random.Random, n: int, hired: date) -> services.PersonInput:
    age = rng.randint(20, 33)
    return services.PersonInput(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        birth_year_month=f"{hired.year - age}-{rng.randint(1, 12):02d}",
        incheon_resident=True,
        phone=f"010-{5000 + n:04d}-{rng.randint(1000, 9999):04d}",
    )


def _apply(operator: User, program: Program, company: Organization, rng: random.Random, n: int, hired: date):
    site = Site.objects.filter(organization=company).order_by("-is_primary", "pk").first()
    with clock.fixed(hired + timedelta(days=rng.randint(3, 20))):
        application, token = services.application_submit(
            actor=operator,
            data=services.ApplicationInput(
                program=program, company=company, site=site, person=_person(rng, n, hired), hire_date=hired,
                full_time=True, contract_months=0, wage=rng.choice(WAGES),
                employees=rng.randint(8, 120),
            ),
        )  # fmt: skip
    return application, token


def _evidence(
    operator: User, application: IncentiveApplication, installment: Installment | None, kind: str
) -> None:
    services.evidence_add(
        actor=operator,
        application=application,
        installment=installment,
        document=kind,
        upload=SimpleUploadedFile(f"{kind}-{application.pk}.pdf", PDF),
    )


def _pay_due(operator: User, labor: User, application: IncentiveApplication, until: date) -> None:
    """Every installment whose day came before `until`, confirmed, approved and paid a few days after it."""
    for installment in application.case.installments.order_by("number"):
        if installment.due_on > until:
            break
        with clock.fixed(min(installment.due_on + timedelta(days=5), until)):
            _evidence(operator, application, installment, "employment")
            services.installment_confirm(actor=operator, installment=installment)
            services.installment_approve(actor=labor, installment=installment)
            services.installment_pay(actor=labor, installment=installment)


def incentives_create(*, seed: int, operator: User) -> None:
    labor = User.objects.filter(username="labor").first()
    if labor is None:  # the demo's labor-office account was made by hand before: nobody to decide
        return
    rng = random.Random(seed + 15)
    today = timezone.localdate()
    companies = list(
        Organization.objects.filter(
            is_demo=True, kind=Organization.Kind.COMPANY, sites__complex__isnull=False
        )
        .distinct()
        .order_by("pk")[:60]
    )
    program = services.program_create(
        actor=operator,
        data=services.ProgramInput(
            name="뿌리산업 청년 경력형성 장려금 (데모)",
            description="2019년 사업(예산 15.8억 원, 300명)을 본뜬 데모 사업입니다. "
            "지급 일정은 가정한 값입니다.",
            budget=1_580_000_000, headcount_cap=300, per_company_cap=3, per_root_company_cap=5,
            age_min=19, age_max=39, hire_from=today - timedelta(days=540),
            hire_to=today + timedelta(days=180),
            min_employees=5, installments=[{"month": m, "amount": 900_000} for m in (3, 6, 9, 12)],
        ),
    )  # fmt: skip
    n = 0
    # Approved cases, hired over the last sixteen months; a quarter leave, one after a payment it
    # should not have had.
    for index in range(APPROVED):
        # The first case left after six months but was reported only now: its 9-month payment is to
        # be recovered.
        hired = today - timedelta(days=300 if index == 0 else rng.randint(40, 480))
        application, token = _apply(operator, program, companies[index % len(companies)], rng, n, hired)
        n += 1
        with clock.fixed(hired + timedelta(days=25)):
            services.application_consent(token=token, agree=True)
            _evidence(operator, application, None, "contract")
            _evidence(operator, application, None, "insurance")
            services.application_approve(actor=labor, application=application)
        application.refresh_from_db()
        leaves = index == 0 or rng.random() < SEPARATED_SHARE
        worked = (today - hired).days - 1  # a separation is in the past: at the latest yesterday
        left_on = hired + timedelta(days=rng.randint(min(30, worked), worked)) if leaves else None
        if index == 0:
            left_on = hired + timedelta(days=200)
        late_report = index == 0
        _pay_due(operator, labor, application, (today if late_report else left_on or today))
        if left_on is not None:
            with clock.fixed(today):
                employment_separate(
                    actor=operator,
                    employment=application.case.employment,
                    separated_on=left_on,
                    reason=rng.choice(SeparationReason.values),
                )
    # One company reaches its cap: its sixth young person waits on the waitlist.
    capped = companies[-1]
    for _ in range(6):
        application, token = _apply(
            operator, program, capped, rng, n, today - timedelta(days=rng.randint(20, 60))
        )
        n += 1
        services.application_consent(token=token, agree=True)
        with contextlib.suppress(services.Refused):  # the sixth: waitlisted
            services.application_approve(actor=labor, application=application)
    # Waiting for the labor office, waiting for the person's consent, and rejected.
    for state in ["pending"] * 4 + ["awaiting"] * 3 + ["rejected"] * 3:
        company = companies[(n * 7) % len(companies)]
        application, token = _apply(
            operator, program, company, rng, n, today - timedelta(days=rng.randint(10, 90))
        )
        n += 1
        if state != "awaiting":
            services.application_consent(token=token, agree=True)
        if state == "rejected":
            services.application_reject(
                actor=labor,
                application=application,
                reason="4대보험 가입 확인서가 입사일 이후 발급분이 아닙니다. 다시 제출해 주세요.",
            )
    _hires_without_incentive(rng, operator, companies, today)


def _hires_without_incentive(
    rng: random.Random, operator: User, companies: list[Organization], today: date
) -> None:
    """Three years of hires at the demo's companies followed for tenure: about a third leave in their
    first year, fewer after."""
    for _ in range(140):
        company = rng.choice(companies)
        site = Site.objects.filter(organization=company).order_by("-is_primary", "pk").first()
        hired = today - timedelta(days=rng.randint(30, 1_100))
        employment = employment_start(
            company=company, site=site, hired_on=hired, source=Employment.Source.JOB_APPLICATION
        )
        # A hazard that falls with tenure: most departures in the first months.
        stays = rng.expovariate(1 / 700) + rng.choice([0, 0, 200])
        left_on = hired + timedelta(days=int(stays))
        if left_on < today:
            employment_separate(
                actor=operator,
                employment=employment,
                separated_on=left_on,
                reason=rng.choice(SeparationReason.values),
            )
