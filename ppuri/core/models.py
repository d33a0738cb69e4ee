from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
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
    # Neither content type has an index of its own: Meta.indexes begin with each (one less index to
    # write for each of a national import's 195,000 entries).
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    # The organization the change belongs to, so a profile shows changes to its sites and capabilities.
    scope_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
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


class AccessRecordReadOnly(PermissionDenied):
    """An access record is never changed or deleted, except by the retention purge (core.access).
    A PermissionDenied, so a view that tries answers 403 rather than 500."""


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def update(self, **kwargs: Any) -> int:
        # Deleting an account sets `user` to NULL here (SET_NULL); the copied username keeps the who.
        if kwargs.keys() == {"user"} and kwargs["user"] is None:
            return super().update(**kwargs)
        raise AccessRecordReadOnly("access records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AccessRecordReadOnly("access records are deleted only by the retention purge")

    def purge(self, *, before: datetime) -> int:
        """Delete the records made before `before`: only core.access.access_records_purge calls it,
        after checking `before` against the retention."""
        deleted, _by_model = super(AccessRecordQuerySet, self.filter(created_at__lt=before)).delete()
        return deleted


class AccessRecord(models.Model):
    """접속기록: who read personal data or confidential content, what, when, from where (개인정보의
    안전성 확보조치 기준 제8조). Written by core.access.access_record only; append-only."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("담당자 연락처")
        CHALLENGE = "challenge", _("비공개 과제")
        CONSULTATION = "consultation", _("자문 기록")
        QUOTE = "quote", _("견적")
        FILE = "file", _("파일")
        # A person's own data, read on "my data", downloaded or read through /api/v1/me.
        PERSONAL_DATA = "personal_data", _("본인 정보")
        # A seeker's profile or application read by a company or an operator.
        SEEKER = "seeker", _("구직자 정보")
        # A youth-incentive applicant's details read by a company, the labor office or an operator.
        INCENTIVE = "incentive", _("장려금 신청자 정보")
        # A graduate student's record read by someone other than the student; an NDA project's details.
        GRADUATE_STUDENT = "graduate_student", _("대학원생 기록")
        GRADUATE_PROJECT = "graduate_project", _("비밀유지 과제")

    class Action(models.TextChoices):
        VIEW = "view", _("화면 열람")
        API_READ = "api_read", _("API 조회")
        DOWNLOAD = "download", _("내려받기")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied, so the record still names who read after the account is deleted.
    username = models.CharField(_("사용자 이름"), max_length=150, blank=True)
    kind = models.CharField(_("정보 종류"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("행위"), max_length=20, choices=Action.choices)
    # PROTECT: a content type still named by a record is kept (records are never deleted with it).
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    ip_address = models.GenericIPAddressField(_("접속 IP"), null=True, blank=True)
    path = models.CharField(_("경로"), max_length=500, blank=True)
    reason = models.CharField(_("사유"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("일시"), default=timezone.now, editable=False, db_index=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        # Related-object handling (an account's deletion) goes through the same guarded queryset.
        base_manager_name = "objects"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["user", "-created_at"]),
        ]
        verbose_name = _("접속기록")
        verbose_name_plural = _("접속기록")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AccessRecordReadOnly("access records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AccessRecordReadOnly("access records are deleted only by the retention purge")
