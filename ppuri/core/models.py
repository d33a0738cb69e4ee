from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    class Meta:
        abstract = True


class Attachment(TimeStampedModel):
    """A file checked by core.files (type by content, size) before it is stored."""

    name = models.CharField(_("파일 이름"), max_length=255)
    kind = models.CharField(_("종류"), max_length=10)  # pdf, step, dxf, png, jpeg
    size = models.PositiveIntegerField(_("크기(바이트)"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class ActivityLog(models.Model):
    """One row per state change, written by services for humans to read (see core.activity)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작업자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("동작"), max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    # The organization the change belongs to, so a profile shows changes to its sites and capabilities.
    scope_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(_("요약"), max_length=300)
    # The summary in each language of the site ({"ko": …, "en": …}); see core.activity.
    summaries = models.JSONField(default=dict, blank=True)
    data = models.JSONField(_("내용"), default=dict, blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["scope_type", "scope_id", "-created_at"]),
        ]
        verbose_name = _("활동 기록")
        verbose_name_plural = _("활동 기록")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.summary}"

    @property
    def summary_for_reader(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.summaries.get(language) or self.summary


class Notification(models.Model):
    """A hand-over a user should see: in the app (this row) and by e-mail (core.notifications)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=100)
    summary = models.CharField(_("알림"), max_length=300)
    summaries = models.JSONField(default=dict, blank=True)  # per language, as ActivityLog
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("알림")
        verbose_name_plural = _("알림")

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_for_reader(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.summaries.get(language) or self.summary
