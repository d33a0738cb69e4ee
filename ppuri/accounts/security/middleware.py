"""Two middleware, after django-otp's OTPMiddleware: SessionPolicyMiddleware ends sessions that ran
out or were ended elsewhere; SecondFactorMiddleware keeps a signed-in session that still owes its
second factor to the enrolment and verification pages. API bearer tokens are no sessions and pass
both untouched (an API call riding on such a session is treated as anonymous)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ppuri.accounts.security import sessions
from ppuri.accounts.security.selectors import mfa_required, second_factor_verified

Handler = Callable[[HttpRequest], HttpResponse]

API_PREFIX = "/api/"
# What a session that owes its second factor may still open: the MFA pages themselves, signing in and
# out, the language switch, the health check and the privacy policy (static files never get here).
OPEN_VIEWS = frozenset(
    {
        "accounts:mfa_setup",
        "accounts:mfa_verify",
        "accounts:login",
        "accounts:logout",
        "set_language",
        "healthz",
        "privacy",
    }
)
OPEN_PREFIXES = ("/privacy/", settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/")


def _redirect(request: HttpRequest, url_name: str) -> HttpResponseRedirect:
    url = reverse(url_name)
    if request.method in ("GET", "HEAD"):
        url += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    return HttpResponseRedirect(url)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if sessions.STARTED_KEY not in request.session:
                # A session from before these rules: its clock starts now.
                sessions.session_start(request=request, user=user)  # type: ignore[arg-type]
            reason = sessions.session_end_reason(request=request, user=user)
            if reason is not None:
                logout(request)
                if not request.path.startswith(API_PREFIX):
                    if reason == sessions.ENDED:
                        text = _(
                            "세션이 종료되었습니다. 다른 곳에서 로그아웃했거나 보안 설정이 바뀌었습니다. "
                            "다시 로그인해 주세요."
                        )
                    else:
                        text = _(
                            "세션이 만료되었습니다. 오랫동안 사용하지 않았거나 로그인한 지 오래되었습니다. "
                            "다시 로그인해 주세요."
                        )
                    messages.warning(request, text)
                    return _redirect(request, settings.LOGIN_URL)
            else:
                sessions.session_touch(request=request)
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or second_factor_verified(user):
            return None
        enrolled = bool(request.session.get(sessions.ENROLLED_KEY))
        if not (enrolled or mfa_required(user)):
            return None  # an optional role without an authenticator: the password is all it has
        if request.path.startswith(API_PREFIX):
            request.user = AnonymousUser()  # a bearer token still works; the half-signed-in session not
            return None
        match = request.resolver_match
        if (match is not None and match.view_name in OPEN_VIEWS) or request.path.startswith(OPEN_PREFIXES):
            return None
        return _redirect(request, "accounts:mfa_verify" if enrolled else "accounts:mfa_setup")
