from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts.models import ApiToken, User
from ppuri.core.activity import activity_log


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
