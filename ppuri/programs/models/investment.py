"""The investment pipeline beside the Seobu free-economic-zone bid (EDC Forge's project record): a lead
under a code name, what it needs, how far it got, and the free-zone authority's officer on it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization


class Lead(TimeStampedModel):
    class Stage(models.TextChoices):
        LEAD = "lead", _("발굴")
        CONTACT = "contact", _("접촉")
        SITE_VISIT = "site_visit", _("현장 방문")
        LOI = "loi", _("투자의향서(LOI)")
        MOU = "mou", _("양해각서(MOU)")
        INVESTED = "invested", _("투자 실현")
        LOST = "lost", _("무산")

    # The order a lead moves through; INVESTED and LOST end it.
    OPEN_STAGES = (Stage.LEAD, Stage.CONTACT, Stage.SITE_VISIT, Stage.LOI, Stage.MOU)
    CLOSED_STAGES = (Stage.INVESTED, Stage.LOST)

    class Sector(models.TextChoices):
        ROBOTICS = "robotics", _("로봇")
        BIO_HEALTH = "bio_health", _("바이오·헬스")
        AUTOMOTIVE = "automotive", _("자동차·모빌리티")
        AEROSPACE = "aerospace", _("항공우주")
        IT = "it", _("IT·반도체")
        ROOT = "root", _("뿌리산업")
        OTHER = "other", _("기타")

    class Origin(models.TextChoices):
        FOREIGN = "foreign", _("외국인 투자")
        DOMESTIC = "domestic", _("국내 기업 신규 투자")
        EXPANSION = "expansion", _("기존 기업 확장·이전")

    code_name = models.CharField(_("코드명"), max_length=60, unique=True)
    # The investor's real name: the pipeline's staff only, never in a list or an export to others.
    investor_name = models.CharField(_("투자자명(대외비)"), max_length=200, blank=True)
    origin = models.CharField(_("구분"), max_length=10, choices=Origin.choices, default=Origin.FOREIGN)
    country = models.CharField(_("국가(ISO 3166 코드)"), max_length=2, blank=True)
    sector = models.CharField(_("업종"), max_length=12, choices=Sector.choices, default=Sector.OTHER)
    technologies = models.ManyToManyField(
        Technology, blank=True, related_name="+", verbose_name=_("필요한 뿌리기술")
    )
    summary = models.TextField(_("개요"), blank=True)
    summary_en = models.TextField(_("개요(영문)"), blank=True)
    stage = models.CharField(_("단계"), max_length=10, choices=Stage.choices, default=Stage.LEAD)
    lost_reason = models.CharField(_("무산 사유"), max_length=300, blank=True)
    investment_usd = models.BigIntegerField(
        _("예상 투자액(USD)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    investment_krw = models.BigIntegerField(
        _("예상 투자액(원)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    jobs = models.PositiveIntegerField(
        _("예상 고용(명)"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    incentives_asked = models.TextField(_("요청 인센티브"), blank=True)
    site_needs = models.TextField(_("입지 요구"), blank=True)
    site_area_m2 = models.PositiveIntegerField(_("필요 면적(㎡)"), null=True, blank=True)
    complex = models.ForeignKey(
        Complex,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("희망 단지"),
    )
    # An existing company's expansion (a BRE visit's site need) points at it.
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="investment_leads",
        verbose_name=_("기존 기업"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_leads",
        verbose_name=_("담당관(경제자유구역청)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_step = models.CharField(_("다음 할 일"), max_length=300, blank=True)
    next_step_on = models.DateField(_("다음 일정"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="lost") | ~Q(lost_reason=""), name="programs_lead_lost_has_reason"
            ),
        ]
        verbose_name = _("투자 유치 대상")
        verbose_name_plural = _("투자 유치 대상")

    def __str__(self) -> str:
        return self.code_name

    def get_absolute_url(self) -> str:
        return reverse("programs:lead", args=[self.pk])


class LeadStageChange(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=10, choices=Lead.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=Lead.Stage.choices)
    note = models.CharField(_("메모"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("단계 변경")
        verbose_name_plural = _("단계 변경")

    def __str__(self) -> str:
        return f"{self.lead}: {self.from_stage} → {self.to_stage}"
