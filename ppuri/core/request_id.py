"""A request id on every log line and every response, so that what a user reports ("요청 번호 …")
leads to the lines of that request in the logs of whichever worker served it.

The id is the reverse proxy's `X-Request-ID` when it sends a well-formed one (nginx: `$request_id`),
otherwise a new one; the response carries it back in `X-Request-ID`, the server error page and the API's
server-error body show it. Log lines get it from a context variable (`RequestIdFilter`), so code that
logs needs nothing; with LOG_FORMAT=json each line is one JSON object (`JsonFormatter`).
"""

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What a proxy may hand us: short, and nothing a log reader or a header could be tricked by.
WELL_FORMED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_current: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    """The id of the request being served ("" outside a request: the task worker, a command)."""
    return _current.get()


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every line logged while the request is served carries its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if WELL_FORMED.match(given) else uuid.uuid4().hex
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            return response
        finally:
            _current.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, and the
    traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
