"""The dashboards hold no data of their own but one: the record of every report downloaded (who,
which, when, from where and why), kept as the access records are."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportDownload(models.Model):
    """A dashboard report (Excel or PDF) handed out. Operators' reports hold unsuppressed small counts:
    they give a reason, which is kept with the record."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("사용자"), max_length=150, blank=True)
    scope = models.CharField(_("범위"), max_length=40)
    period = models.CharField(_("기간"), max_length=10)
    format = models.CharField(_("형식"), max_length=4, choices=Format.choices)
    unsuppressed = models.BooleanField(_("비공개 값 포함"), default=False)
    reason = models.CharField(_("내려받는 이유"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    downloaded_at = models.DateTimeField(_("내려받은 시각"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-downloaded_at", "-id"]
        verbose_name = _("보고서 내려받기 기록")
        verbose_name_plural = _("보고서 내려받기 기록")

    def __str__(self) -> str:
        return f"{self.username or '-'} {self.scope} {self.period}.{self.format}"


class ReportJob(models.Model):
    """A report made by the task worker (a PDF takes seconds: dashboards.reports.in_background), for
    the one who asked: their figures as the page showed them (`exact` decided when they asked), their
    reason. The file is handed out — and the download recorded — from the job's page, and deleted
    after PPURI_REPORT_JOB_HOURS."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("대기 중")
        RUNNING = "running", _("만드는 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A visitor who is not signed in: their session's key (hashed), so no one else can open the job.
    session_hash = models.CharField(max_length=64, blank=True, db_index=True)
    scope = models.CharField(_("범위"), max_length=40)
    period = models.CharField(_("기간"), max_length=10)
    format = models.CharField(_("형식"), max_length=4, choices=ReportDownload.Format.choices)
    exact = models.BooleanField(_("비공개 값 포함"), default=False)
    reason = models.CharField(_("내려받는 이유"), max_length=200, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="dashboard-reports/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("요청 시각"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("완료 시각"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("보고서 만들기")
        verbose_name_plural = _("보고서 만들기")

    def __str__(self) -> str:
        return f"{self.scope} {self.period}.{self.format} ({self.status})"
