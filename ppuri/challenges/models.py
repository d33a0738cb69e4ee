"""The limit-technology desk (한계기술·애로기술 자문): experts, the hard problems companies post, the
offers that route a problem to experts, consultations and the outcome.

A challenge moves submitted → triaged → offered → in progress → resolved → closed (or withdrawn);
see challenges.services. Sources name the programme only as "애로 및 한계기술 컨설팅" (domain-facts
§7): Ppuri calls it a desk, not a named programme.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import Attachment, TimeStampedModel
from ppuri.reference.models import Classified, Defect, Material, Process, Technology
from ppuri.registry.models import Organization


class Expert(TimeStampedModel):
    """A specialist who takes cases: what they know, how many cases they take at once, whom they may
    not serve. Professional details only (name, affiliation, title): nothing private."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
        help_text=_("전문가가 로그인해 사례를 수락하고 자문을 기록하는 계정"),
    )
    name = models.CharField(_("이름"), max_length=100)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="experts", verbose_name=_("소속 기관")
    )
    department = models.CharField(_("부서"), max_length=200, blank=True)
    title = models.CharField(_("직위"), max_length=100, blank=True)
    technologies = models.ManyToManyField(Technology, blank=True, related_name="experts")
    processes = models.ManyToManyField(Process, blank=True, related_name="experts")
    materials = models.ManyToManyField(Material, blank=True, related_name="experts")
    defects = models.ManyToManyField(Defect, blank=True, related_name="experts")
    keywords = models.JSONField(_("전문 분야 키워드"), default=list, blank=True)
    languages = models.JSONField(_("사용 언어"), default=list, blank=True)  # ["ko", "en"]
    bio = models.TextField(_("소개"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("동시 진행 사례 상한"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    available = models.BooleanField(_("배정 가능"), default=True)
    unavailable_until = models.DateField(_("배정 불가 기간 종료일"), null=True, blank=True)
    conflicts = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="conflicted_experts",
        verbose_name=_("이해관계로 자문할 수 없는 기업"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("전문가")
        verbose_name_plural = _("전문가")

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"

    def get_absolute_url(self) -> str:
        return reverse("challenges:expert", args=[self.pk])


class Challenge(Classified, TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("접수")
        TRIAGED = "triaged", _("분류 완료")
        OFFERED = "offered", _("전문가 제안")
        IN_PROGRESS = "in_progress", _("자문 진행")
        RESOLVED = "resolved", _("결과 보고")
        CLOSED = "closed", _("종료")
        WITHDRAWN = "withdrawn", _("철회")

    class Urgency(models.TextChoices):
        LOW = "low", _("낮음")
        NORMAL = "normal", _("보통")
        HIGH = "high", _("높음")
        CRITICAL = "critical", _("긴급(생산 중단)")

    class Confidentiality(models.TextChoices):
        CONFIDENTIAL = "confidential", _("비공개(기업·운영기관·배정 전문가만)")
        PUBLIC = "public", _("공개 과제")

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("해결")
        PARTLY = "partly", _("일부 해결")
        NOT_SOLVED = "not_solved", _("미해결")

    class Metric(models.TextChoices):
        DEFECT_RATE = "defect_rate", _("불량률(%)")
        COST = "cost", _("비용(원)")
        OTHER = "other", _("기타")

    company = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("기업")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("제목"), max_length=200)
    description = models.TextField(_("내용"))
    urgency = models.CharField(_("긴급도"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = models.CharField(
        _("공개 범위"), max_length=15, choices=Confidentiality.choices, default=Confidentiality.CONFIDENTIAL
    )
    status = models.CharField(_("상태"), max_length=15, choices=Status.choices, default=Status.SUBMITTED)
    # The classifier's proposal with its reasons, as made at submission (challenges.triage).
    suggestion = models.JSONField(_("자동 분류 제안"), default=dict, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(_("분류 일시"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("첫 자문 일시"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("결과 보고 일시"), null=True, blank=True)
    closed_at = models.DateTimeField(_("종료 일시"), null=True, blank=True)
    outcome = models.CharField(_("결과"), max_length=15, choices=Outcome.choices, blank=True)
    resolution = models.TextField(_("해결 내용"), blank=True)
    effect_metric = models.CharField(_("효과 지표"), max_length=15, choices=Metric.choices, blank=True)
    effect_before = models.DecimalField(_("개선 전"), max_digits=14, decimal_places=2, null=True, blank=True)
    effect_after = models.DecimalField(_("개선 후"), max_digits=14, decimal_places=2, null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("만족도"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("평가 의견"), blank=True)
    publish_consent = models.BooleanField(_("익명 사례 공개 동의"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("한계기술 과제")
        verbose_name_plural = _("한계기술 과제")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.pk])

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == self.Confidentiality.CONFIDENTIAL


class ChallengeAttachment(Attachment):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("파일"), upload_to="challenges/%Y/%m/")


class TriageCorrection(models.Model):
    """An operator's correction of the classifier: kept to measure and improve it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=15)  # technology | process | material | defect
    suggested = models.CharField(max_length=80, blank=True)  # slug, or "" when nothing was suggested
    confirmed = models.CharField(max_length=80, blank=True)
    text = models.TextField()  # the challenge's title and description at the time
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("분류 수정 기록")
        verbose_name_plural = _("분류 수정 기록")

    def __str__(self) -> str:
        return f"{self.field}: {self.suggested or '-'} → {self.confirmed or '-'}"


class Offer(TimeStampedModel):
    """A challenge offered to one expert, with why; the expert accepts or declines with a reason."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("제안됨")
        ACCEPTED = "accepted", _("수락")
        DECLINED = "declined", _("거절")
        WITHDRAWN = "withdrawn", _("철회")
        COMPLETED = "completed", _("완료")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="offers")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    score = models.FloatField(_("적합도"), default=0.0)
    reasons = models.JSONField(_("제안 사유"), default=list, blank=True)
    decline_reason = models.TextField(_("거절 사유"), blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("응답 일시"), null=True, blank=True)

    # An expert's active cases: those it has been offered and not answered, and those it accepted.
    ACTIVE = (Status.OFFERED, Status.ACCEPTED)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("전문가 제안")
        verbose_name_plural = _("전문가 제안")
        constraints = [models.UniqueConstraint(fields=["challenge", "expert"], name="uniq_offer_per_expert")]

    def __str__(self) -> str:
        return f"{self.challenge} → {self.expert}"


class Consultation(TimeStampedModel):
    class Mode(models.TextChoices):
        REMOTE = "remote", _("원격")
        VISIT = "visit", _("현장 방문")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="consultations")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="consultations")
    held_on = models.DateField(_("자문일"))
    mode = models.CharField(_("방식"), max_length=10, choices=Mode.choices)
    hours = models.DecimalField(
        _("시간"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(24)]
    )
    notes = models.TextField(_("자문 내용"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("자문 기록")
        verbose_name_plural = _("자문 기록")

    def __str__(self) -> str:
        return f"{self.challenge} {self.held_on}"


class ConsultationAttachment(Attachment):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("파일"), upload_to="challenges/consultations/%Y/%m/")
