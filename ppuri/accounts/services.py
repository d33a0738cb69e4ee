import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts.models import ApiToken, User
from ppuri.accounts.selectors import users_with_email
from ppuri.core import personal_data
from ppuri.core.access import Kind, access_record
from ppuri.core.activity import activity_log
from ppuri.core.notifications import bilingual_mail, mail_after_commit
from ppuri.core.privacy import refuse_resident_number

logger = logging.getLogger(__name__)


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is not stored and cannot be shown again."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[len("ppuri_") :][: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
        expires_at=expires_at,
    )
    activity_log(actor=user, verb="accounts.api_token.created", target=token, scope=user, summary=name)
    return token, key


def api_token_authenticate(*, key: str) -> User | None:
    """The active user behind a bearer key, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    # A plain UPDATE: no read-modify-write race, and no write when the token was used a moment ago.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        activity_log(
            actor=actor, verb="accounts.api_token.revoked", target=token, scope=token.user, summary=token.name
        )
    return token


@transaction.atomic
def user_institution_posting_set(*, actor: User, user: User, allowed: bool) -> User:
    """An operator allows (or no longer allows) an institution's account to post sourcing requests and
    challenges in the institution's name (accounts.roles.is_institution_allowed_to_post)."""
    if not actor.is_operator:
        raise PermissionDenied
    if user.may_post_for_institution == allowed:
        return user
    user.may_post_for_institution = allowed
    user.save(update_fields=["may_post_for_institution"])
    activity_log(
        actor=actor,
        verb=f"accounts.user.institution_posting_{'allowed' if allowed else 'revoked'}",
        target=user,
        scope=user,
        summary=lambda: (
            (
                _("%(user)s 계정에 기관 명의 요청·과제 등록을 허용했습니다.")
                if allowed
                else _("%(user)s 계정의 기관 명의 요청·과제 등록 허용을 거두었습니다.")
            )
            % {"user": user.username}
        ),
    )
    return user


def my_data_read(*, request: HttpRequest, user: User, action: str) -> list[personal_data.Section]:
    """Everything held about the user, for the user: the page, a download or the API. Each read is
    in the access record (core.access), as every other read of personal data."""
    sections = personal_data.export(user)
    my_data_access_record(request=request, user=user, action=action)
    return sections


def my_data_access_record(*, request: HttpRequest, user: User, action: str) -> None:
    access_record(request=request, user=user, target=user, kind=Kind.PERSONAL_DATA, action=action)


# --- my data: correct and delete (PIPA 제36조, 제37조) -------------------------------------------

EMAIL_CHANGE_SALT = "ppuri.accounts.email_change"
EMAIL_CHANGE_MAX_AGE = timedelta(days=3)


@transaction.atomic
def profile_update(*, user: User, display_name: str) -> User:
    """Correct the name other people see. Only the owner calls it (from "my data")."""
    display_name = display_name.strip()
    refuse_resident_number(display_name, field="display_name")
    if len(display_name) > 100:
        raise ValidationError({"display_name": _("표시 이름은 100자까지 쓸 수 있습니다.")})
    if display_name != user.display_name:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
        activity_log(
            actor=user,
            verb="accounts.user.updated",
            target=user,
            summary=lambda: _("표시 이름을 고쳤습니다."),
        )
    return user


def _email_taken(*, user: User, email: str) -> bool:
    return users_with_email(email).exclude(pk=user.pk).exists()


def _clean_email(*, user: User, email: str) -> str:
    email = BaseUserManager.normalize_email(email.strip())
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("전자우편 주소 형식이 올바르지 않습니다(예: name@example.kr).")}
        ) from None
    if len(email) > 254:
        raise ValidationError({"email": _("전자우편 주소가 너무 깁니다.")})
    refuse_resident_number(email, field="email")
    if email.lower() == (user.email or "").lower():
        raise ValidationError({"email": _("지금 쓰는 주소와 같습니다.")})
    if _email_taken(user=user, email=email):
        # Whose it is, or that it belongs to anyone in particular, is not ours to say.
        raise ValidationError(
            {"email": _("이 전자우편 주소로는 바꿀 수 없습니다. 다른 주소를 입력해 주세요.")}
        )
    return email


def email_change_request(*, user: User, email: str) -> str:
    """Mail a confirmation link to the new address. The address is stored only when its owner follows
    the link (email_change_confirm), so a typo cannot lock anyone out. Returns the token."""
    email = _clean_email(user=user, email=email)
    token = signing.dumps({"user": user.pk, "from": user.email, "to": email}, salt=EMAIL_CHANGE_SALT)
    link = settings.PPURI_BASE_URL.rstrip("/") + reverse("accounts:my_data_email_confirm", args=[token])
    subject, body = bilingual_mail(
        "accounts/email/email_change", {"link": link, "days": EMAIL_CHANGE_MAX_AGE.days}
    )
    try:
        # Sent now, not after a commit: nothing is stored until the link is followed, and the person
        # must hear at once if the mail could not go.
        send_mail(subject, body, None, [email])
    except Exception:
        logger.exception("Could not send the e-mail change confirmation")
        raise ValidationError(
            {"email": _("확인 메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")}
        ) from None
    activity_log(
        actor=user,
        verb="accounts.user.email_change_requested",
        target=user,
        summary=lambda: _("전자우편 주소 변경을 요청했습니다(새 주소 확인 대기)."),
    )
    return token


def email_change_token_read(*, token: str) -> dict[str, object]:
    """The change a link asks for, or a ValidationError saying why the link cannot be used."""
    try:
        payload = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("확인 링크의 유효 기간(%(days)d일)이 지났습니다. 내 정보에서 다시 요청해 주세요.")
            % {"days": EMAIL_CHANGE_MAX_AGE.days}
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("확인 링크가 올바르지 않습니다. 메일의 링크 전체를 열었는지 확인해 주세요.")
        ) from None
    user = User.objects.filter(pk=payload.get("user"), is_active=True, deleted_at__isnull=True).first()
    if user is None or user.email != payload.get("from"):
        raise ValidationError(_("이미 쓰였거나 더는 쓸 수 없는 확인 링크입니다."))
    return {"user": user, "email": payload["to"]}


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    found = email_change_token_read(token=token)
    user = User.objects.select_for_update().get(pk=found["user"].pk)  # type: ignore[attr-defined]
    email = str(found["email"])
    if user.email != found["user"].email:  # type: ignore[attr-defined]
        raise ValidationError(_("이미 쓰였거나 더는 쓸 수 없는 확인 링크입니다."))
    if _email_taken(user=user, email=email):
        raise ValidationError(
            {"email": _("이 전자우편 주소로는 바꿀 수 없습니다. 다른 주소를 입력해 주세요.")}
        )
    old = user.email
    user.email = email
    user.email_verified_at = timezone.now()
    user.awaiting_email_verification = False
    user.save(update_fields=["email", "email_verified_at", "awaiting_email_verification"])
    activity_log(
        actor=user,
        verb="accounts.user.email_changed",
        target=user,
        summary=lambda: _("전자우편 주소를 바꿨습니다."),
    )
    if old:
        subject, body = bilingual_mail("accounts/email/email_changed", {})
        mail_after_commit([(subject, body, None, [old])])
    return user


@transaction.atomic
def account_delete(*, user: User, password: str) -> personal_data.Erasure:
    """Delete the account: the User row stays, anonymised (username deleted-<id>, no e-mail, no
    name, no usable password, inactive), so the records the law or the business requires keep their
    link to "탈퇴한 사용자"; every app's provider (core.personal_data) erases what it may."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        raise ValidationError(_("이미 탈퇴한 계정입니다."))
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("비밀번호가 맞지 않습니다.")})
    activity_log(
        actor=user, verb="accounts.user.deleted", target=user, summary=lambda: _("계정을 탈퇴했습니다.")
    )
    erasure = personal_data.erase(user)
    user.username = f"deleted-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.display_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.awaiting_email_verification = False
    user.email_verified_at = None
    user.session_epoch += 1
    user.deleted_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    erasure.erased.insert(0, _("아이디, 이름, 전자우편 주소와 비밀번호를 지웠습니다."))
    return erasure
