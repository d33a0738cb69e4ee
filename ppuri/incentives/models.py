"""The youth career incentive (청년 경력형성 장려금) and programmes like it: a programme with its caps and
rules, companies' applications for a hire, the labor office's decisions, each approved case's
installments by tenure month, and the ledger of every won and its movement.

Caps are the database's to keep: the programme's head count and net commitment, and each company's
approved count, are counters changed only by a conditional UPDATE (incentives.services.caps) and
bounded by CHECK constraints, so no two approvals can pass the last free place between them, on
SQLite or PostgreSQL. Money is whole KRW.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import Attachment, TimeStampedModel
from ppuri.reference.models import Complex
from ppuri.registry.models import Organization, Site

MAX_BUDGET = 10**13  # 10조: a larger figure is a typing error
MAX_INSTALLMENT = 100_000_000  # one payment over 1억 is a typing error
MAX_HEADCOUNT = 1_000_000
MAX_MONTHLY_WAGE = 100_000_000


class Program(TimeStampedModel):
    name = models.CharField(_("사업명"), max_length=200)
    description = models.TextField(_("설명"), blank=True)
    budget = models.PositiveBigIntegerField(_("예산(원)"))
    headcount_cap = models.PositiveIntegerField(_("인원 한도"))
    per_company_cap = models.PositiveIntegerField(_("기업당 한도"))
    per_root_company_cap = models.PositiveIntegerField(_("뿌리기업당 한도"))
    # Eligibility (incentives.rules explains each in words).
    age_min = models.PositiveSmallIntegerField(_("최저 나이(만)"), default=19)
    age_max = models.PositiveSmallIntegerField(_("최고 나이(만)"), default=39)
    incheon_residence_required = models.BooleanField(_("인천 거주 필요"), default=True)
    root_company_required = models.BooleanField(_("뿌리기업만"), default=True)
    complexes = models.ManyToManyField(
        Complex, blank=True, related_name="+", verbose_name=_("대상 산업단지(비우면 인천 전역)")
    )
    min_employees = models.PositiveIntegerField(_("최소 상시 근로자 수"), default=5)
    min_sales = models.PositiveBigIntegerField(_("최소 연 매출액(원)"), null=True, blank=True)
    full_time_required = models.BooleanField(_("전일제만"), default=True)
    # A fixed-term contract must run at least this long; one without a fixed term always does.
    min_contract_months = models.PositiveSmallIntegerField(_("최소 계약 기간(개월)"), default=12)
    hire_from = models.DateField(_("대상 입사 기간 시작일"))
    hire_to = models.DateField(_("대상 입사 기간 종료일"))
    # [{"month": 3, "amount": 900000}, …] in tenure months, strictly increasing (services check it).
    schedule = models.JSONField(_("지급 일정"))
    accepting = models.BooleanField(_("신청 접수 중"), default=True)
    # How long a case's personal data is kept after its last installment or its end (a programme
    # setting: the period that applies to subsidy records was not verified, so none is assumed).
    retention_years = models.PositiveSmallIntegerField(_("개인정보 보유 기간(년)"), default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The counters behind the caps (services.caps): approved people, net commitment in KRW.
    approved_headcount = models.PositiveIntegerField(default=0, editable=False)
    committed = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-hire_from", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_headcount__lte=F("headcount_cap")), name="program_headcount_within_cap"
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("budget")), name="program_committed_within_budget"
            ),
            models.CheckConstraint(condition=Q(age_min__lte=F("age_max")), name="program_age_bounds"),
            models.CheckConstraint(condition=Q(hire_from__lte=F("hire_to")), name="program_hire_window"),
        ]
        verbose_name = _("장려금 사업")
        verbose_name_plural = _("장려금 사업")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incentives:program", args=[self.pk])

    @property
    def amount_per_person(self) -> int:
        return sum(int(step["amount"]) for step in self.schedule)


class ProgramCompany(models.Model):
    """A company's approved count in a programme, bounded by the cap that applied when its first case
    was approved (the root-company cap or the other)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="companies")
    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cap = models.PositiveIntegerField()
    approved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "company"], name="uniq_program_company"),
            models.CheckConstraint(condition=Q(approved__lte=F("cap")), name="program_company_within_cap"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.company}: {self.approved}/{self.cap}"


class IncentiveApplication(TimeStampedModel):
    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("본인 동의 대기")
        PENDING = "pending", _("심사 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")
        WAITLISTED = "waitlisted", _("대기 명단")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="applications")
    company = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="incentive_applications")
    site = models.ForeignKey(Site, verbose_name=_("근무 사업장"), on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    job_application = models.ForeignKey(
        "talent.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incentive_applications",
    )
    # The young person: the minimum for this purpose (notice.INCENTIVE), destroyed with the case.
    person_name = models.CharField(_("이름"), max_length=50)
    birth_year_month = models.CharField(_("생년월"), max_length=7)  # YYYY-MM: the only age data
    incheon_resident = models.BooleanField(_("인천 거주"))
    phone = models.CharField(_("연락처"), max_length=20)
    # name + birth month + phone digits: the same person twice in one programme (rules.not_before).
    person_key = models.CharField(max_length=120, editable=False, db_index=True)
    hire_date = models.DateField(_("입사일"))
    # 전일제 (full-time hours) and the contract's length are two facts: a full-time 12-month fixed-term
    # contract is not a permanent one, and a programme may accept either.
    full_time = models.BooleanField(_("전일제"), default=True)
    contract_months = models.PositiveSmallIntegerField(
        _("계약 기간(개월, 기간의 정함이 없으면 0)"), default=0
    )
    monthly_wage = models.PositiveIntegerField(_("월 임금(원)"))
    # As the company declares them, checked by the labor office against its evidence.
    employees = models.PositiveIntegerField(_("상시 근로자 수"))
    annual_sales = models.PositiveBigIntegerField(_("연 매출액(원)"), null=True, blank=True)
    eligible = models.BooleanField(_("요건 충족"), default=False)
    checks = models.JSONField(default=list)  # [{"rule", "label", "passed", "detail"}] in Korean and English
    status = models.CharField(
        _("상태"), max_length=20, choices=Status.choices, default=Status.AWAITING_CONSENT
    )
    consent_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    consented_at = models.DateTimeField(_("본인 동의 시각"), null=True, blank=True)
    consent_notice_version = models.CharField(max_length=20, blank=True)
    queued_at = models.DateTimeField(_("접수 순서"), null=True, blank=True)  # first come, first served
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("사유"), blank=True)
    personal_data_destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "created_at", "id"]
        indexes = [models.Index(fields=["program", "status", "queued_at"])]
        constraints = [
            # One approved case per person and programme: "not paid before under this programme".
            models.UniqueConstraint(
                fields=["program", "person_key"],
                condition=Q(status="approved"),
                name="uniq_incentive_person_approved",
            ),
        ]
        verbose_name = _("장려금 신청")
        verbose_name_plural = _("장려금 신청")

    def __str__(self) -> str:
        # No person's name: this string shows wherever the row is named.
        return _("%(program)s 신청 #%(pk)s") % {"program": self.program, "pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("incentives:application", args=[self.pk])


class IncentiveCase(TimeStampedModel):
    """An approved application: its schedule committed against the budget, followed by tenure."""

    application = models.OneToOneField(IncentiveApplication, on_delete=models.PROTECT, related_name="case")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cases")
    company = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    employment = models.OneToOneField(
        "tenure.Employment", on_delete=models.PROTECT, related_name="incentive_case"
    )
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["-approved_at", "-id"]
        verbose_name = _("장려금 지원 대상")
        verbose_name_plural = _("장려금 지원 대상")

    def __str__(self) -> str:
        return _("%(program)s 지원 #%(pk)s") % {"program": self.program, "pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("incentives:application", args=[self.application_id])


class Installment(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("예정")
        CONFIRMED = "confirmed", _("재직 확인")
        APPROVED = "approved", _("지급 승인")
        PAID = "paid", _("지급 완료")
        RELEASED = "released", _("지급 중단")
        RECOVERING = "recovering", _("환수 대상")  # paid for a month after the separation
        RECOVERED = "recovered", _("환수 완료")

    case = models.ForeignKey(IncentiveCase, on_delete=models.CASCADE, related_name="installments")
    number = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(_("근속 개월"))
    amount = models.PositiveBigIntegerField(_("금액(원)"))
    due_on = models.DateField(_("지급 기준일"))
    status = models.CharField(_("상태"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("지급일"), null=True, blank=True)
    due_notified_at = models.DateTimeField(null=True, blank=True)  # "falls due", once
    reminded_at = models.DateTimeField(null=True, blank=True)  # evidence still missing 14 days on, once

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="uniq_installment_number")]
        verbose_name = _("분할 지급")
        verbose_name_plural = _("분할 지급")


class LedgerEntry(models.Model):
    """One movement of money in a programme. The figures of the ledger are sums of these:
    committed − released is the net commitment (Program.committed), paid − recovered what left the
    budget for good, and remaining = budget − net commitment."""

    class Kind(models.TextChoices):
        COMMIT = "commit", _("약정")
        RELEASE = "release", _("약정 해제")
        PAYMENT = "payment", _("지급")
        RECOVERY = "recovery", _("환수")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="ledger")
    case = models.ForeignKey(IncentiveCase, null=True, on_delete=models.PROTECT, related_name="ledger")
    installment = models.ForeignKey(
        Installment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["program", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:,}"


class Evidence(Attachment):
    """근로계약서, 4대보험 가입 확인, a later proof of continued employment: for the labor office."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("근로계약서")
        INSURANCE = "insurance", _("4대보험 가입 확인")
        EMPLOYMENT = "employment", _("재직 증빙")
        OTHER = "other", _("기타")

    application = models.ForeignKey(IncentiveApplication, on_delete=models.CASCADE, related_name="evidence")
    installment = models.ForeignKey(
        Installment, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    document = models.CharField(_("서류"), max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="incentives/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
