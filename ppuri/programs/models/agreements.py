"""An agreement, its partners and their commitments: each commitment an indicator with a unit, a
baseline and per period a target and an actual (IATI results / Salesforce IndicatorPerformancePeriod).

An actual comes from Ppuri's own records where they exist (`Commitment.measure`, computed by
`programs.actuals`) and is typed in with its evidence otherwise (`CommitmentPeriod.manual_actual`)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel
from ppuri.registry.models import Organization


class Agreement(TimeStampedModel):
    slug = models.SlugField(_("식별자"), max_length=60, unique=True)
    title = models.CharField(_("협약명"), max_length=200)
    title_en = models.CharField(_("협약명(영문)"), max_length=200, blank=True)
    signed_on = models.DateField(_("체결일"))
    ends_on = models.DateField(_("종료일"), null=True, blank=True)
    place = models.CharField(_("체결 장소"), max_length=200, blank=True)
    summary = models.TextField(_("개요"), blank=True)
    summary_en = models.TextField(_("개요(영문)"), blank=True)
    # Where the facts come from (articles, the agreement text); shown on the page.
    source = models.TextField(_("출처"), blank=True)
    # Reference data seeded from programs/data/*.toml (not demo data, not deleted by demo resets).
    is_reference = models.BooleanField(_("기준 자료"), default=False)
    public = models.BooleanField(_("공개"), default=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("협약")
        verbose_name_plural = _("협약")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:agreement", args=[self.pk])


class Partner(models.Model):
    """A party to the agreement and its role under it; `editors` are the accounts that update its
    commitments' actuals (the partner's own staff, set by an operator)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="partners", verbose_name=_("협약")
    )
    name = models.CharField(_("기관명"), max_length=200)
    name_en = models.CharField(_("기관명(영문)"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_partnerships",
        verbose_name=_("등록 기관"),
    )
    role = models.TextField(_("협약상 역할"), blank=True)
    role_en = models.TextField(_("협약상 역할(영문)"), blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="program_partners",
        verbose_name=_("실적 입력 담당자"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="programs_partner_unique_name"),
        ]
        verbose_name = _("협약 기관")
        verbose_name_plural = _("협약 기관")

    def __str__(self) -> str:
        return self.name


class Commitment(TimeStampedModel):
    class Measure(models.TextChoices):
        """The records an actual is counted from (programs.actuals); MANUAL: typed in with evidence."""

        MANUAL = "manual", _("직접 입력(증빙 첨부)")
        EXPERTS_ACTIVE = "experts_active", _("한계기술 지원에 참여한 전문가 수(기관별)")
        CASES_SOLVED = "cases_solved", _("해결된 한계기술 과제 수")
        STUDENTS_ENROLLED = "students_enrolled", _("대학원 입학생 수(기수별)")
        YOUTH_APPROVED = "youth_approved", _("장려금 승인 청년 수")
        YOUTH_PAID_KRW = "youth_paid_krw", _("장려금 지급액")
        HIRES = "hires", _("뿌리기업 채용 인원")
        HIRES_RETAINED_12M = "hires_retained_12m", _("12개월 근속 인원")

    class Verification(models.TextChoices):
        VERIFIED = "verified", _("출처 확인")
        PARTIAL = "partial", _("일부 확인(미확인 수치 포함)")
        UNVERIFIED = "unverified", _("미확인")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("협약")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("담당 기관")
    )
    code = models.CharField(_("번호"), max_length=20)
    title = models.CharField(_("약속"), max_length=300)
    title_en = models.CharField(_("약속(영문)"), max_length=300, blank=True)
    indicator = models.CharField(_("지표"), max_length=200)
    indicator_en = models.CharField(_("지표(영문)"), max_length=200, blank=True)
    unit = models.CharField(_("단위"), max_length=20)
    baseline = models.BigIntegerField(_("기준값"), default=0, validators=[MinValueValidator(0)])
    measure = models.CharField(_("실적 산정"), max_length=20, choices=Measure.choices, default=Measure.MANUAL)
    # EXPERTS_ACTIVE and CASES_SOLVED: count the experts (the cases solved by experts) of this
    # organization; empty: every organization. Defaults to the partner's organization when seeded.
    measure_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("산정 대상 기관"),
    )
    # Targets add up over periods (people, money) or each period stands alone (a yearly intake).
    cumulative = models.BooleanField(_("기간 누계 지표"), default=True)
    verification = models.CharField(
        _("출처 확인"), max_length=10, choices=Verification.choices, default=Verification.VERIFIED
    )
    source = models.TextField(_("출처"), blank=True)
    public = models.BooleanField(_("공개"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="programs_commitment_unique_code"),
        ]
        verbose_name = _("협약 이행 약속")
        verbose_name_plural = _("협약 이행 약속")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:commitment", args=[self.pk])

    @property
    def from_records(self) -> bool:
        return self.measure != self.Measure.MANUAL


class CommitmentPeriod(TimeStampedModel):
    """One reporting period of a commitment: its target and, for a manual indicator, the actual the
    partner reported with its evidence."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="periods", verbose_name=_("약속")
    )
    label = models.CharField(_("기간"), max_length=40)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    target = models.BigIntegerField(_("목표"), null=True, blank=True, validators=[MinValueValidator(0)])
    manual_actual = models.BigIntegerField(
        _("실적(직접 입력)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    evidence = models.TextField(_("증빙 설명"), blank=True)
    evidence_file = models.FileField(_("증빙 파일"), upload_to="programs/evidence/%Y/%m/", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("입력자"),
    )
    reported_at = models.DateTimeField(_("입력 일시"), null=True, blank=True)

    class Meta:
        ordering = ["commitment", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "starts_on"], name="programs_period_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programs_period_order"
            ),
        ]
        verbose_name = _("이행 기간")
        verbose_name_plural = _("이행 기간")

    def __str__(self) -> str:
        return f"{self.commitment.code} {self.label}"
