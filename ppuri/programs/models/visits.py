"""Company visits (business retention and expansion): a short structured survey, notes, and the red
flags it raises as follow-up tasks with an owner and a due date, each routed into the platform (a
hiring need → a draft job posting and an incentive check; a technology problem → a draft desk case;
an expansion or site need → an investment-pipeline record)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel
from ppuri.registry.models import Organization


class Visit(TimeStampedModel):
    class Plan(models.TextChoices):
        EXPAND = "expand", _("확장 계획")
        STABLE = "stable", _("현상 유지")
        DOWNSIZE = "downsize", _("축소 계획")
        UNKNOWN = "unknown", _("모름")

    class Risk(models.TextChoices):
        NONE = "none", _("없음")
        LOW = "low", _("낮음")
        MEDIUM = "medium", _("보통")
        HIGH = "high", _("높음")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="program_visits", verbose_name=_("기업")
    )
    visited_on = models.DateField(_("방문일"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="program_visits",
        verbose_name=_("방문자"),
    )
    met = models.CharField(_("면담자(직위)"), max_length=200, blank=True)
    plan = models.CharField(_("확장·축소 계획"), max_length=10, choices=Plan.choices, default=Plan.UNKNOWN)
    relocation_risk = models.CharField(
        _("12개월 내 이전 가능성"), max_length=10, choices=Risk.choices, default=Risk.NONE
    )
    hiring_need = models.BooleanField(_("채용 수요"), default=False)
    hiring_detail = models.CharField(_("채용 수요 내용"), max_length=300, blank=True)
    supplier_need = models.BooleanField(_("협력업체 수요"), default=False)
    supplier_detail = models.CharField(_("협력업체 수요 내용"), max_length=300, blank=True)
    technology_problem = models.BooleanField(_("기술 애로"), default=False)
    technology_detail = models.CharField(_("기술 애로 내용"), max_length=300, blank=True)
    regulation_issue = models.BooleanField(_("규제 애로"), default=False)
    regulation_detail = models.CharField(_("규제 애로 내용"), max_length=300, blank=True)
    site_need = models.BooleanField(_("부지·시설 수요"), default=False)
    site_detail = models.CharField(_("부지·시설 수요 내용"), max_length=300, blank=True)
    # Internal notes: the programme's staff only.
    notes = models.TextField(_("메모(내부)"), blank=True)
    # What the company reads of its visit: the agreed next steps.
    summary_for_company = models.TextField(_("기업 공유 요약"), blank=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("기업 방문")
        verbose_name_plural = _("기업 방문")

    def __str__(self) -> str:
        return f"{self.organization} {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse("programs:visit", args=[self.pk])


class FollowUp(TimeStampedModel):
    class Kind(models.TextChoices):
        HIRING = "hiring", _("채용 수요")
        TECHNOLOGY = "technology", _("기술 애로")
        EXPANSION = "expansion", _("확장·부지 수요")
        RELOCATION = "relocation", _("이전·축소 위험")
        SUPPLIER = "supplier", _("협력업체 수요")
        REGULATION = "regulation", _("규제 애로")
        OTHER = "other", _("기타")

    class Status(models.TextChoices):
        OPEN = "open", _("진행 중")
        DONE = "done", _("완료")
        CANCELLED = "cancelled", _("취소")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("방문")
    )
    kind = models.CharField(_("종류"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("할 일"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="program_follow_ups",
        verbose_name=_("담당자"),
    )
    due_on = models.DateField(_("기한"))
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("완료일"), null=True, blank=True)
    result = models.CharField(_("처리 결과"), max_length=300, blank=True)
    # Where the flag was routed (at most one of them).
    posting = models.ForeignKey(
        "talent.JobPosting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead = models.ForeignKey(
        "programs.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("후속 조치")
        verbose_name_plural = _("후속 조치")

    def __str__(self) -> str:
        return self.title
