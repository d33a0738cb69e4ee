"""The versioned API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Errors are always JSON {"detail": …} with the right status; bad input never yields a 500. Each
operation's error answers are listed in the OpenAPI document (ppuri.api.openapi).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import AnonRateThrottle, UserRateThrottle

from ppuri.api.openapi import DocumentedErrorsSchema
from ppuri.challenges.api import router as challenges_router
from ppuri.knowledge.api import router as knowledge_router
from ppuri.reference.api import router as reference_router
from ppuri.registry.api import router as registry_router
from ppuri.search.api import router as search_router
from ppuri.sourcing.api import router as sourcing_router


class PpuriAPI(NinjaAPI):
    """Ninja's API whose OpenAPI document lists each operation's error answers."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return DocumentedErrorsSchema(self, path_prefix)


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
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "You do not have permission to do this."}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Raised when ninja reads a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE that the middleware could
    # not refuse up front (no Content-Length), or multipart fields over it beside a file.
    return api.create_response(request, {"detail": "Request body too large."}, status=413)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


api.add_router("", reference_router)
api.add_router("", registry_router)
api.add_router("", search_router)
api.add_router("", sourcing_router)
api.add_router("", challenges_router)
api.add_router("", knowledge_router)
