"""Sourcing: a buyer's request for a part, its process steps, the invitations to suppliers and their
quotes. A request moves draft → open → awarded (or closed/cancelled); see sourcing.services."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.i18n import for_reader
from ppuri.core.models import Attachment, TimeStampedModel
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Organization


class SourcingRequest(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        OPEN = "open", _("견적 요청 중")
        AWARDED = "awarded", _("발주 결정")
        CLOSED = "closed", _("마감")
        CANCELLED = "cancelled", _("취소")

    class Visibility(models.TextChoices):
        OPEN = "open", _("조건이 맞는 모든 공급기업에 공개")
        INVITED = "invited", _("초대한 기업에만 공개")

    buyer = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sourcing_requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("제목"), max_length=200)
    description = models.TextField(_("설명"), blank=True)
    material = models.ForeignKey(
        Material, verbose_name=_("소재"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    material_grade = models.CharField(_("소재 규격"), max_length=40, blank=True)  # A356, SCM415 …
    quantity = models.PositiveIntegerField(_("수량"), validators=[MinValueValidator(1)])
    length_mm = models.PositiveIntegerField(_("길이(mm)"), null=True, blank=True)
    width_mm = models.PositiveIntegerField(_("폭(mm)"), null=True, blank=True)
    height_mm = models.PositiveIntegerField(_("높이(mm)"), null=True, blank=True)
    weight_kg = models.DecimalField(
        _("중량(kg)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    tolerance = models.CharField(_("공차"), max_length=100, blank=True)
    certifications = models.ManyToManyField(
        Certification, verbose_name=_("필요한 인증"), blank=True, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("수요 산업"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("납기"))
    complexes = models.ManyToManyField(Complex, verbose_name=_("선호 산업단지"), blank=True, related_name="+")
    visibility = models.CharField(
        _("공개 범위"), max_length=10, choices=Visibility.choices, default=Visibility.INVITED
    )
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Processes inferred from the description wait for the buyer's confirmation before the request opens.
    processes_confirmed = models.BooleanField(_("공정 확인"), default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "visibility"])]
        verbose_name = _("견적 요청")
        verbose_name_plural = _("견적 요청")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sourcing:request", args=[self.pk])


class RequestStep(models.Model):
    """One process of the request, in order (casting → heat treatment → surface treatment)."""

    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    process = models.ForeignKey(Process, verbose_name=_("공정"), on_delete=models.PROTECT, related_name="+")
    # Why the process is here: "요청자가 지정" or the words of the description it was inferred from;
    # in Korean, and in each language of the site in `sources` (as ActivityLog.summaries).
    source = models.CharField(_("근거"), max_length=200, blank=True)
    sources = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["request", "position"], name="uniq_request_step")]

    def __str__(self) -> str:
        return f"{self.position}. {self.process}"

    @property
    def reason(self) -> str:
        """Why the process is here, in the reader's language (a step stored before: as written)."""
        return for_reader(self.sources) or self.source


class RequestAttachment(Attachment):
    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("파일"), upload_to="sourcing/requests/%Y/%m/")


class Invitation(TimeStampedModel):
    """A supplier asked (or, on an open request, asking itself) to quote for some steps."""

    class Status(models.TextChoices):
        INVITED = "invited", _("견적 대기")
        QUOTED = "quoted", _("견적 제출")
        DECLINED = "declined", _("사양")
        AWARDED = "awarded", _("선정")
        NOT_AWARDED = "not_awarded", _("미선정")

    class Origin(models.TextChoices):
        INVITED = "invited", _("구매기업 초대")
        OPEN = "open", _("공개 요청에 응함")

    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sourcing_invitations")
    steps = models.ManyToManyField(RequestStep, verbose_name=_("공정 단계"), related_name="invitations")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.INVITED)
    status = models.CharField(_("상태"), max_length=12, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(_("사양 사유"), max_length=300, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "supplier"], name="uniq_invitation_per_supplier")
        ]
        verbose_name = _("견적 초대")
        verbose_name_plural = _("견적 초대")

    def __str__(self) -> str:
        return f"{self.request} → {self.supplier}"


class Quote(TimeStampedModel):
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="quote")
    price_krw = models.PositiveBigIntegerField(_("금액(원, 부가세 별도)"), validators=[MinValueValidator(1)])
    lead_time_days = models.PositiveIntegerField(_("납기(일)"), validators=[MinValueValidator(1)])
    valid_until = models.DateField(_("견적 유효 기한"))
    notes = models.TextField(_("비고"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("견적")
        verbose_name_plural = _("견적")

    def __str__(self) -> str:
        return f"{self.invitation.supplier}: {self.price_krw:,}원"


class QuoteAttachment(Attachment):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("파일"), upload_to="sourcing/quotes/%Y/%m/")
