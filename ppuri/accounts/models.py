import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md. A user has one; company staff are tied to companies by Membership."""

    OPERATOR = "operator", _("운영기관(인천테크노파크)")
    CITY = "city", _("인천시 담당자")
    LABOR_OFFICE = "labor_office", _("고용노동청 담당자")
    COMPANY = "company", _("기업 담당자")
    EXPERT = "expert", _("전문가")
    UNIVERSITY = "university", _("대학원 담당자")
    SEEKER = "seeker", _("구직자·학생")


class User(AbstractUser):
    # Only what the platform needs: no 주민등록번호, no birth date here (security-reliability checklist).
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices, default=Role.SEEKER)
    display_name = models.CharField(_("표시 이름"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    @property
    def is_operator(self) -> bool:
        return self.is_active and (self.role == Role.OPERATOR or self.is_superuser)

    # Operators may do everything (DESIGN.md), the Django admin included: their role grants every
    # model permission, so no per-permission rows have to be kept in step. Others use Django's rules.
    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        return self.is_operator or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_operator or super().has_module_perms(app_label)

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A bearer token for scripts. Only a hash is stored; the key is shown once at creation."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("이름"), max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 토큰")
        verbose_name_plural = _("API 토큰")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        # Keys are 256-bit random values, so a plain SHA-256 is enough (no need for a slow KDF).
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "ppuri_" + secrets.token_urlsafe(32)
