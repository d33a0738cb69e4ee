"""Response headers and error pages that keep what one visitor sees away from everyone else."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.urls import Resolver404
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.views import defaults
from django.views.debug import ExceptionReporter

from ppuri.core.request_id import current_request_id

Handler = Callable[[HttpRequest], HttpResponse]

PRIVATE = "private, no-store"


def _for_one_visitor(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the response belongs to the caller alone: they are signed in (a session, or an API
    token, which ninja checks later and the middleware cannot see), or it hands them a cookie of their
    own (Django's cache middleware refuses to store those too)."""
    if "Authorization" in request.headers:
        return True
    session_cookie = settings.SESSION_COOKIE_NAME
    if session_cookie in request.COOKIES or session_cookie in response.cookies:
        return True
    if response.cookies and not request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in caller, so neither a shared
    cache nor the browser's disk keeps a challenge, a quote or a contact person. A view that set
    Cache-Control itself (a download, static files) keeps its own. Anonymous responses stay cacheable
    and vary on the two headers that would make them private.

    It sits first in MIDDLEWARE so that it also sees the error pages and the session cookie that the
    middleware below it add."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if _for_one_visitor(request, response):
            response["Cache-Control"] = PRIVATE
        else:
            patch_vary_headers(response, ("Cookie", "Authorization"))
        return response


class PlainErrorPageReporter(ExceptionReporter):
    """With DEBUG on, Django answers an unhandled exception with this reporter's page: the site's
    plain 400 or 500 page instead of the traceback and settings. The log keeps the traceback."""

    def _bad_request(self) -> bool:
        return isinstance(self.exc_value, BadRequest | SuspiciousOperation)

    def get_traceback_html(self) -> SafeString:
        page = loader.get_template("400.html" if self._bad_request() else "500.html").render(
            {"request_id": current_request_id()}
        )
        return mark_safe(page)  # noqa: S308 - the template escaped what it renders

    def get_traceback_text(self) -> SafeString:
        text = "Bad Request (400)" if self._bad_request() else "Server Error (500)"
        return mark_safe(text)  # noqa: S308 - a constant


class PlainErrorPagesMiddleware:
    """Visitors never see Django's technical error pages, even with DEBUG on (development and
    `ppuri demo`): the technical 404 page lists every URL pattern, the technical 500 page shows the
    traceback and the settings. Off DEBUG, Django already renders templates/404.html and 500.html.

    It sits high in MIDDLEWARE so that the reporter is in place before anything below it can raise."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.DEBUG:
            return self.get_response(request)
        request.exception_reporter_class = PlainErrorPageReporter  # type: ignore[attr-defined]
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.resolver_match is None
            and response.get("Content-Type", "").startswith("text/html")
        ):
            # No URL pattern matched and Django answered with its technical page that lists them.
            # (A JSON 404 under /api/ and an APPEND_SLASH redirect pass untouched.)
            return defaults.page_not_found(request, Resolver404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's Http404, before Django turns it into the technical page."""
        if settings.DEBUG and isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        return None
