"""Limits on sign-up, verification resends and password resets, per client address and per e-mail
address, so that nobody floods a mailbox or walks a list of addresses; and on password checks of a
signed-in account (deleting it), so that a borrowed session cannot guess its password. Counted in
Django's cache (Redis in production): a fixed window per key, started by the first attempt.

Django's cache rather than a library: django-ratelimit would add a decorator per view for what is three
counters here, and the API's throttles (django-ninja) do not reach plain views."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass(frozen=True)
class Limited(Exception):
    retry_after: int  # seconds


def _key(scope: str, kind: str, value: str) -> str:
    # Hashed: the cache (shared, sometimes inspected) holds no e-mail address.
    digest = hashlib.sha256(value.casefold().encode()).hexdigest()[:32]
    return f"ppuri:throttle:{scope}:{kind}:{digest}"


def _spend(key: str, limit: int, window: int) -> None:
    if cache.add(key, 1, timeout=window):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): a new window
        cache.add(key, 1, timeout=window)
        return
    if count > limit:
        raise Limited(retry_after=window)


def spend(scope: str, *, ip: str | None, email: str | None = None, account: int | None = None) -> None:
    """Count one attempt of `scope` ("signup", "resend", "reset", "delete") for this client and address
    or account; Limited when any is over its limit for the window."""
    window = settings.PPURI_JOINING_WINDOW_MINUTES * 60
    if ip:
        _spend(_key(scope, "ip", ip), settings.PPURI_JOINING_LIMIT_PER_IP, window)
    if email:
        _spend(_key(scope, "email", email), settings.PPURI_JOINING_LIMIT_PER_ADDRESS, window)
    if account is not None:
        _spend(_key(scope, "account", str(account)), settings.PPURI_JOINING_LIMIT_PER_ADDRESS, window)


def too_many(request: HttpRequest, limited: Limited) -> HttpResponse:
    """The page every limited form answers with: 429, how long to wait, and Retry-After."""
    response = render(
        request, "accounts/too_many.html", {"minutes": max(1, limited.retry_after // 60)}, status=429
    )
    response["Retry-After"] = str(limited.retry_after)
    return response
