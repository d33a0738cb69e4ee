from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ppuri.accounts.models import ApiToken, User


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_get_for_user(*, user: User, pk: int) -> ApiToken:
    """A user sees and revokes only their own tokens; anyone else's id is a 404."""
    return get_object_or_404(ApiToken, user=user, pk=pk)
