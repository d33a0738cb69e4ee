"""Reads about a user's second factor: whether it must use one, has one, passed it in this session."""

from typing import Any

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts.models import Role, User

# DESIGN.md's privileged roles: they see many people's data or decide money and routing (the
# graduate school's staff read every student's record).
MFA_REQUIRED_ROLES = frozenset({Role.OPERATOR, Role.CITY, Role.LABOR_OFFICE, Role.EXPERT, Role.UNIVERSITY})


def mfa_required(user: Any) -> bool:
    """Whether this account must use a second factor (the privileged roles and superusers)."""
    return bool(
        getattr(user, "is_authenticated", False) and (user.role in MFA_REQUIRED_ROLES or user.is_superuser)
    )


def mfa_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_verified(user: Any) -> bool:
    """Whether this request's session passed the second factor (django-otp's OTPMiddleware sets
    `otp_device` from the session; an anonymous user has none)."""
    return getattr(user, "otp_device", None) is not None


def totp_device_of(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
