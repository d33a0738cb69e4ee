from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ppuri.accounts.models import ApiToken, Consent, Role, User


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_get_for_user(*, user: User, pk: int) -> ApiToken:
    """A user sees and revokes only their own tokens; anyone else's id is a 404."""
    return get_object_or_404(ApiToken, user=user, pk=pk)


def api_tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """A token (its name, its use) is its owner's business only."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def users_visible_to(user: Any) -> QuerySet[User]:
    """An account (its name, role, e-mail) is known to its owner and to operators."""
    if getattr(user, "is_authenticated", False) and getattr(user, "is_operator", False):
        return User.objects.all()
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    return User.objects.filter(pk=user.pk)


def users_with_email(email: str) -> QuerySet[User]:
    """The accounts with this e-mail address as people type it: case and surrounding spaces ignored."""
    return User.objects.filter(email__iexact=email.strip())


def active_operators() -> list[User]:
    """Whom the platform tells when something needs an operator."""
    return list(User.objects.filter(role=Role.OPERATOR, is_active=True))


def consents_of(*, user: User) -> QuerySet[Consent]:
    """The user's consents, standing and withdrawn, oldest first."""
    return Consent.objects.filter(user=user).order_by("given_at", "id")


def standing_consents(*, user: User) -> dict[str, Consent]:
    """The user's consents in force, by purpose."""
    return {c.purpose: c for c in consents_of(user=user).filter(withdrawn_at__isnull=True)}


def consents_visible_to(user: Any) -> QuerySet[Consent]:
    """A consent is its owner's and the operators' business."""
    if not getattr(user, "is_authenticated", False):
        return Consent.objects.none()
    if getattr(user, "is_operator", False):
        return Consent.objects.all()
    return Consent.objects.filter(user=user)
