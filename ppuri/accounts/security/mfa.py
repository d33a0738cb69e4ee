"""The second factor: a TOTP authenticator (django-otp's TOTP device) and one-time recovery codes.

Recovery codes live in django-otp's static device, which keeps its tokens in plain text and compares
what it is handed with what it holds. Ppuri stores a hash of each code as the token and hands the
device the hash of what the person typed, so a copy of the database gives nobody a code that works
(the reason API keys are kept hashed too). The codes carry about 79 random bits, so a plain SHA-256 is
enough, as for API keys; 12 bytes of it, base64-encoded, fill the 16 characters of the token field.

Writes here are services (keyword-only, logged); reads are the small selectors at the top.
"""

import base64
import hashlib
import re
import secrets
from datetime import datetime

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts.models import User
from ppuri.accounts.security import sessions
from ppuri.accounts.security.selectors import mfa_enrolled, mfa_required, recovery_codes_left
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: read off paper and typed by hand. 16 of 31 symbols ≈ 79 bits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 16
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"\d{6}")


def totp_key_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (RFC 4648 base32, no padding)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_key_groups(device: TOTPDevice) -> list[str]:
    key = totp_key_base32(device)
    return [key[i : i + 4] for i in range(0, len(key), 4)]


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code: drawn here, no script, no network, nothing the
    Content Security Policy has to allow."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("인증 앱 등록용 QR 코드")))


def recovery_code_hash(code: str) -> str:
    normalized = re.sub(r"[\s-]", "", code).lower()
    return base64.urlsafe_b64encode(hashlib.sha256(normalized.encode()).digest()[:12]).decode()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


# --- services ----------------------------------------------------------------------------------------


@transaction.atomic
def mfa_totp_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment under way: the same key on every visit of the page, so
    an app that scanned it once still matches after a reload. Nothing to log until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def mfa_enrol(*, user: User, code: str) -> tuple[TOTPDevice, list[str], int]:
    """Confirm the pending authenticator with a code it shows now; issue the recovery codes (returned
    once, only their hashes are kept) and end the user's other sessions, which were opened with the
    password alone. Returns the device, the codes and the new session epoch for this session."""
    # The check runs in a transaction of its own so that a wrong code's throttle count is kept when
    # the refusal below is raised.
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        )
        if device is None:
            raise ValidationError(
                {"code": _("등록을 다시 시작해 주세요: 이 화면을 새로 불러오면 새 키가 나옵니다.")}
            )
        matched, locked_until = _verify(device, code)
    if locked_until is not None:
        raise _throttled(locked_until)
    if not matched:
        raise ValidationError(
            {"code": _("인증 코드가 맞지 않습니다. 인증 앱에 지금 표시된 6자리 숫자를 입력해 주세요.")}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_issue(user=user)
        epoch = sessions.session_epoch_raise(user=user)
        activity_log(
            actor=user,
            verb="accounts.mfa.enrolled",
            target=user,
            summary=lambda: _("2단계 인증(인증 앱)을 등록했습니다."),
        )
    return device, codes, epoch


def _recovery_codes_issue(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_hash(code)) for code in codes]
    )
    return codes


def _verify(device: Device, token: str) -> tuple[bool, datetime | None]:
    """Whether the device takes the token, or until when it refuses to look (django-otp's back-off)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return False, (details or {}).get("locked_until") or timezone.now()
    return bool(device.verify_token(token)), None


def _throttled(locked_until: datetime) -> ValidationError:
    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return ValidationError(
        {
            "code": _("잘못된 코드를 여러 번 입력해 잠시 막혔습니다. %(seconds)d초 뒤에 다시 입력해 주세요.")
            % {"seconds": seconds}
        }
    )


def mfa_check_code(*, user: User, code: str) -> Device:
    """The device that accepts this code: six digits go to the authenticator, anything else is taken
    for a recovery code (used up by this call). Each device backs off after wrong codes (django-otp's
    throttling: 1, 2, 4, 8 … seconds); a refusal names the `code` field and says why."""
    code = code.strip()
    is_totp = bool(_TOTP_CODE.fullmatch(code.replace(" ", "")))
    locked_until = None
    matched = None
    with transaction.atomic():
        if is_totp:
            device: Device | None = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            token = code.replace(" ", "")
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            token = recovery_code_hash(code)
        if device is not None:
            verified, locked_until = _verify(device, token)
            matched = device if verified else None
    if locked_until is not None:
        raise _throttled(locked_until)
    if matched is None:
        raise ValidationError(
            {"code": _("인증 코드가 맞지 않습니다. 인증 앱의 6자리 숫자나 복구 코드를 입력해 주세요.")}
        )
    if isinstance(matched, StaticDevice):
        _recovery_code_used(user=user)
    return matched


@transaction.atomic
def _recovery_code_used(*, user: User) -> None:
    left = recovery_codes_left(user=user)
    activity_log(
        actor=user,
        verb="accounts.mfa.recovery_code_used",
        target=user,
        summary=lambda: _("복구 코드 하나를 썼습니다 (남은 복구 코드 %(left)d개).") % {"left": left},
        data={"left": left},
    )
    notify(
        recipients=[user],
        verb="accounts.mfa.recovery_code_used",
        summary=lambda: (
            _(
                "복구 코드로 로그인했습니다. 남은 복구 코드는 %(left)d개입니다. "
                "본인이 아니라면 바로 비밀번호를 바꾸고 운영기관에 알려 주세요."
            )
            % {"left": left}
        ),
        url=reverse("accounts:security"),
    )


def mfa_recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes for old ones, after a current code (the old codes stop working)."""
    mfa_check_code(user=user, code=code)
    with transaction.atomic():
        if not mfa_enrolled(user=user):
            raise ValidationError({"code": _("2단계 인증을 먼저 등록해 주세요.")})
        codes = _recovery_codes_issue(user=user)
        activity_log(
            actor=user,
            verb="accounts.mfa.recovery_codes_regenerated",
            target=user,
            summary=lambda: _("복구 코드를 새로 만들었습니다. 이전 복구 코드는 더 이상 쓸 수 없습니다."),
        )
    return codes


def mfa_disable(*, user: User, code: str) -> None:
    """Turn the second factor off, after a current code. Only for roles that need not use one: a
    privileged account that lost its authenticator asks the operator for a reset."""
    if mfa_required(user):
        raise ValidationError(
            {
                "code": _(
                    "이 역할은 2단계 인증을 끌 수 없습니다. "
                    "인증 앱을 잃었다면 운영기관에 초기화를 요청해 주세요."
                )
            }
        )
    mfa_check_code(user=user, code=code)
    with transaction.atomic():
        _devices_delete(user=user)
        activity_log(
            actor=user, verb="accounts.mfa.disabled", target=user, summary=lambda: _("2단계 인증을 껐습니다.")
        )
        notify(
            recipients=[user],
            verb="accounts.mfa.disabled",
            summary=lambda: _(
                "내 계정의 2단계 인증이 꺼졌습니다. 본인이 아니라면 바로 운영기관에 알려 주세요."
            ),
            url=reverse("accounts:security"),
        )


@transaction.atomic
def mfa_reset(*, actor: User, user: User) -> None:
    """The operator's reset of someone's second factor (a lost phone): the devices and recovery codes
    go, every session of the person ends, and at the next sign-in a privileged role enrols again."""
    if not actor.is_operator:
        raise PermissionDenied(_("2단계 인증 초기화는 운영기관만 할 수 있습니다."))
    _devices_delete(user=user)
    sessions.session_epoch_raise(user=user)
    activity_log(
        actor=actor,
        verb="accounts.mfa.reset",
        target=user,
        summary=lambda: _("%(user)s의 2단계 인증을 초기화했습니다.") % {"user": user.get_username()},
    )
    notify(
        recipients=[user],
        verb="accounts.mfa.reset",
        summary=lambda: _(
            "운영기관이 내 계정의 2단계 인증을 초기화했습니다. 다음 로그인 때 인증 앱을 다시 등록해 주세요. "
            "요청한 적이 없다면 바로 운영기관에 알려 주세요."
        ),
        url=reverse("accounts:security"),
    )


def _devices_delete(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def mfa_give_fixed_key(*, user: User, key_base32: str) -> TOTPDevice:
    """A confirmed authenticator with a known key, for the demo's privileged accounts (a documented,
    public key: refused in production)."""
    if settings.PRODUCTION:
        raise PermissionDenied("A fixed TOTP key is for the demo only.")
    key_hex = base64.b32decode(key_base32 + "=" * (-len(key_base32) % 8)).hex()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=TOTP_DEVICE_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    return device
