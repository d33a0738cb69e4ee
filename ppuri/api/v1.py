"""The versioned API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Errors are always JSON {"detail": …} with the right status, in the request's language (Korean, or
English with Accept-Language: en; ppuri.api.errors); bad input never yields a 500. Each operation's
error answers are listed in the OpenAPI document (ppuri.api.openapi).
"""

import copy
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import AnonRateThrottle, UserRateThrottle

from ppuri.api.errors import csrf_detail, status_detail
from ppuri.api.me import router as me_router
from ppuri.api.openapi import DocumentedErrorsSchema
from ppuri.challenges.api import router as challenges_router
from ppuri.dashboards.api import router as dashboards_router
from ppuri.graduate.api import router as graduate_router
from ppuri.incentives.api import router as incentives_router
from ppuri.knowledge.api import router as knowledge_router
from ppuri.programs.api import router as programs_router
from ppuri.reference.api import router as reference_router
from ppuri.registry.api import router as registry_router
from ppuri.registry.claims.api import router as claims_router
from ppuri.search.api import router as search_router
from ppuri.sourcing.api import router as sourcing_router
from ppuri.talent.api import router as talent_router
from ppuri.tenure.api import router as tenure_router


class PpuriAPI(NinjaAPI):
    """Ninja's API whose OpenAPI document lists each operation's error answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str, str | None], dict[str, Any]] = {}

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """The document is built once per prefix and language (it walks every operation's schemas: about
        50 ms) and a copy handed out, so no caller can change the one kept."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, get_language())
        if key not in self._schemas:
            self._schemas[key] = dict(DocumentedErrorsSchema(self, path_prefix))
        return copy.deepcopy(self._schemas[key])


api = PpuriAPI(
    title="Ppuri API",
    version="1",
    description="인천 뿌리산업 협업 플랫폼 Ppuri의 API / API of Ppuri, Incheon's root-industry platform.",
    urls_namespace="api-v1",
    # Rates from settings.NINJA_DEFAULT_THROTTLE_RATES (PPURI_API_ANON_RATE, PPURI_API_USER_RATE).
    throttle=[AnonRateThrottle(), UserRateThrottle()],
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": status_detail(404)}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # A refusal by role (accounts.roles) says why; a refusal by object says no more than 403.
    return api.create_response(request, {"detail": str(exc) or status_detail(403)}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": status_detail(401)}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own: a body it cannot parse (400), a missing CSRF token (403), throttling (429). Its
    # English sentence is replaced by ours; a parser's explanation (DEBUG only) is kept after it.
    detail = status_detail(exc.status_code)
    if exc.status_code == 403 and "CSRF" in exc.message:
        detail = csrf_detail()
    elif exc.status_code == 400 and "(" in exc.message:
        detail = f"{detail} ({exc.message.split('(', 1)[1]}"
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Raised when ninja reads a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE that the middleware could
    # not refuse up front (no Content-Length), or multipart fields over it beside a file.
    return api.create_response(request, {"detail": status_detail(413)}, status=413)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # The services' messages are gettext'd when raised, so already in the request's language.
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    # pydantic's messages ("Field required") stay in English; Ppuri's own checks inside the schemas
    # (ppuri.api.schemas) raise theirs in the request's language.
    return api.create_response(request, {"detail": exc.errors}, status=422)


api.add_router("", reference_router)
api.add_router("", registry_router)
api.add_router("", claims_router)
api.add_router("", search_router)
api.add_router("", sourcing_router)
api.add_router("", challenges_router)
api.add_router("", knowledge_router)
api.add_router("", talent_router)
api.add_router("", incentives_router)
api.add_router("", tenure_router)
api.add_router("", graduate_router)
api.add_router("", programs_router)
api.add_router("", dashboards_router)
api.add_router("", me_router)
