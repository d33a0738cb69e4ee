"""Anonymous visitors' pages from the cache, until the data changes.

A public page (home, the directory, a company's profile, a search, the API's lists) is the same for every
anonymous visitor, yet rendering it takes 20–60 ms of queries and templates; under load (bench/load.py)
that made the read mix 2 % as fast as a bare view. So the view's answer to an anonymous GET is kept in
the shared cache (Redis in production), keyed by scheme, host, language and full path, and served again
while nothing was written.

"Nothing was written" is decided without knowing which page shows what: every connection watches its
own statements (an execute wrapper, installed by CoreConfig.ready), and a transaction that wrote to any
table but the few no anonymous page shows (NOT_SHOWN_ANONYMOUSLY) gives the cache a new *generation*
when it commits. An entry is served only under the generation it was
rendered in: a page rendered from data a writer was about to change was stored under the generation the
writer's commit replaced, and is never served. Bulk writes that bypass Django's cursor (core.bulk's COPY)
call `connection_wrote` themselves. Pages that depend on the date, not the data (a deadline passing), are
kept PPURI_PAGE_CACHE_SECONDS at most.

Django's own cache middleware invalidates only by time, so a company made private would stay on its
cached profile until the entry expired; hence this one.

Only the view's answer is kept: the middleware sits last, so every other middleware (security headers,
CSP, the request id, the CSRF cookie) still runs on a cached answer. What is per visitor in a page is
its CSRF tokens: they are put back for the visitor on each hit (`{% csrf_token %}`'s hidden input is the
only form in which Ppuri's templates carry them). Not kept: a request with a session, any cookie besides
the CSRF and language cookies, or an Authorization header; an answer that is not a 200, sets a cookie,
touches the session, says not to be cached (never_cache), or is not HTML or JSON.
"""

import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "ppuri:page-cache:generation"
MAX_BYTES = 2 * 1024 * 1024
CACHED_TYPES = ("text/html", "application/json")
# Tables whose rows no anonymous page shows, written on ordinary reads and sign-ins: the sessions, the
# record of who read personal data, notifications, API tokens' last use, login throttling, second
# factors, the task queue. A write to any other table is a change.
NOT_SHOWN_ANONYMOUSLY = (
    "django_session",
    "core_accessrecord",
    "core_notification",
    "accounts_apitoken",
    "axes_",
    "otp_",
    "django_tasks",
    # Who downloaded which report, and the report jobs: an anonymous GET of a report writes them.
    "dashboards_reportdownload",
    "dashboards_reportjob",
)
READ_ONLY_STATEMENTS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT"}
)
WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
DATA_CHANGING_CTE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Headers of the view's own answer worth keeping; the rest are the other middleware's, set again.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Vary", "Content-Language")

type Handler = Callable[[HttpRequest], HttpResponse]


def cache_seconds() -> int:
    return int(getattr(settings, "PPURI_PAGE_CACHE_SECONDS", 0))


# --- invalidation -----------------------------------------------------------------------------------


def data_changed() -> None:
    """A new generation: every page kept so far is stale."""
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    except Exception:  # the cache is down: nothing is served from it either
        logger.warning("page cache: could not start a new generation", exc_info=True)


def _writes_shown_data(sql: str) -> bool:
    first = sql.lstrip()[:10].split(None, 1)
    keyword = first[0].upper() if first else ""
    if keyword in READ_ONLY_STATEMENTS:
        return False
    if keyword == "WITH":
        return bool(DATA_CHANGING_CTE.search(sql))
    table = WRITTEN_TABLE.match(sql)
    return not (table and table.group(1).lower().startswith(NOT_SHOWN_ANONYMOUSLY))


def connection_wrote(connection: BaseDatabaseWrapper) -> None:
    """The connection just wrote shown data: a new generation once it commits (at once in autocommit).
    Until then no other connection sees the change, so the pages kept meanwhile are still right."""
    if not connection.in_atomic_block:
        data_changed()
    elif not any(entry[1] is data_changed for entry in connection.run_on_commit):
        transaction.on_commit(data_changed, using=connection.alias)


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _writes_shown_data(sql):
        connection_wrote(context["connection"])
    return result


def watch_writes(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """connection_created receiver."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def data_changed_after_migrate(**kwargs: object) -> None:
    """post_migrate receiver (migrate, flush, a restore's migrate)."""
    data_changed()


# --- serving ----------------------------------------------------------------------------------------


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = cache_seconds()
        if seconds <= 0 or not _anonymous_get(request):
            return self.get_response(request)
        key = _page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:
            logger.warning("page cache: unreachable", exc_info=True)
            return self.get_response(request)
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if generation is None:  # never set, or evicted: start one; this answer is not kept
            cache.add(GENERATION_KEY, secrets.token_hex(8), None)
            return self.get_response(request)
        if entry is not None and entry[0] == generation:
            return _answer_from(entry, request)
        response = self.get_response(request)
        if _keepable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            try:
                cache.set(key, (generation, headers, response.content), seconds)
            except Exception:
                logger.warning("page cache: could not keep %s", request.path, exc_info=True)
        return response


def _anonymous_get(request: HttpRequest) -> bool:
    if request.method != "GET" or "Authorization" in request.headers:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def _page_key(request: HttpRequest) -> str:
    page = "\n".join(
        [request.scheme or "", request.get_host(), translation.get_language(), request.get_full_path()]
    )
    return "ppuri:page-cache:" + hashlib.sha256(page.encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("no-store", "no-cache", "private", "max-age=0")):
        return False
    content_type = response.get("Content-Type", "")
    return content_type.startswith(CACHED_TYPES) and len(response.content) <= MAX_BYTES


def _answer_from(entry: tuple[str, list[tuple[str, str]], bytes], request: HttpRequest) -> HttpResponse:
    _generation, headers, content = entry
    if b"csrfmiddlewaretoken" in content:
        content = CSRF_INPUT.sub(lambda found: found[1] + get_token(request).encode() + found[2], content)
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response
