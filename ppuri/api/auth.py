"""Bearer tokens for scripts, the session for the browser (with CSRF on unsafe methods)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from ppuri.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class SessionUser(APIKeyCookie):
    """The signed-in browser user; ninja checks CSRF for cookie auth on unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nothing a forged request could ride on: answer 401
        # (authentication required) rather than ninja's 403 for a missing CSRF token.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


# Endpoints that write take either; reads are open and look at request.user when there is one.
token_or_session = [BearerToken(), SessionUser()]


def optional_user(request: HttpRequest) -> Any:
    """On read endpoints: the bearer token's user if a header was sent, else the session user."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = api_token_authenticate(key=header[7:].strip())
        if user is not None:
            return user
    return request.user


def authenticated_user(request: HttpRequest) -> Any:
    """The user that `token_or_session` authenticated for this request."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja after authentication
