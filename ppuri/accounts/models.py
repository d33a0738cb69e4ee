import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
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
    # Sign-up sets awaiting_email_verification; until the owner follows the mailed link the account
    # cannot act. Accounts made any other way (the operator, an invitation, createsuperuser) start
    # without the wait, so the flag and not a missing timestamp decides.
    awaiting_email_verification = models.BooleanField(_("전자우편 확인 대기"), default=False)
    email_verified_at = models.DateTimeField(_("전자우편 확인 시각"), null=True, blank=True)
    # Raised by "log out of other sessions" and by a password change: a session remembers the epoch
    # it was opened in and ends when the user's epoch has moved on.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Set when the owner deletes the account: what the law requires us to keep stays, anonymised.
    deleted_at = models.DateTimeField(_("탈퇴 시각"), null=True, blank=True)
    # Institutions (city, labor office, university) do not post sourcing requests or challenges in
    # their own name unless an operator allows it here (issue 13, DESIGN.md's role table).
    may_post_for_institution = models.BooleanField(
        _("기관 명의 요청·과제 등록 허용"),
        default=False,
        help_text=_("운영기관이 허용한 경우에만 기관 계정이 견적 요청과 한계기술 과제를 등록할 수 있습니다."),
    )

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
        if self.deleted_at is not None:
            # Records kept after the deletion (quotes, cases, the change log) name nobody.
            return gettext("탈퇴한 사용자")
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


class ConsentPurpose(models.TextChoices):
    """What personal data is used for. `account` is required to join; the others are optional and
    each is asked for separately (PIPA art. 22: a separate consent per optional purpose)."""

    ACCOUNT = "account", _("회원 가입 및 관리(필수)")
    JOB_OFFERS = "job_offers", _("채용 제안 받기(선택)")
    PROGRAM_NEWS = "program_news", _("지원사업 안내 받기(선택)")


class Consent(models.Model):
    """One consent given by a user to one purpose under one version of the collection notice.
    Withdrawing keeps the row (the record that consent was given and when) and stamps withdrawn_at."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("목적"), max_length=30, choices=ConsentPurpose.choices)
    notice_version = models.CharField(_("고지문 판"), max_length=20)
    given_at = models.DateTimeField(_("동의 시각"))
    withdrawn_at = models.DateTimeField(_("철회 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("개인정보 수집·이용 동의")
        verbose_name_plural = _("개인정보 수집·이용 동의")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_standing_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_purpose_display()} ({self.notice_version})"
