from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from ppuri.api.errors import status_detail
from ppuri.core import files
from ppuri.core.request_id import current_request_id

API_PREFIX = "/api/"
WITH_A_BODY = {"POST", "PUT", "PATCH"}


def body_limit(request: HttpRequest) -> int:
    """The most bytes an API request may carry: DATA_UPLOAD_MAX_MEMORY_SIZE of JSON or form fields, and
    beside them one file of up to core.files.MAX_BYTES in a multipart upload."""
    if request.content_type == "multipart/form-data":
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + files.MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class ApiJsonErrorsMiddleware:
    """Errors under /api/ are always JSON {"detail": …}, even those raised before the API router runs
    (an unknown path, a method the route does not allow, a server error). A body over the limit is
    refused with a 413 before anything reads it. It runs after LocaleMiddleware, so the sentence is in
    the request's language (ppuri.api.errors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method in WITH_A_BODY and self._declared_length(request) > body_limit(request):
            return JsonResponse({"detail": status_detail(413)}, status=413)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            body = {"detail": status_detail(response.status_code)}
            if response.status_code >= 500:
                body["request_id"] = current_request_id()  # to quote when reporting it
            json_response = JsonResponse(body, status=response.status_code)
            if "Allow" in response:
                json_response["Allow"] = response["Allow"]
            return json_response
        return response

    @staticmethod
    def _declared_length(request: HttpRequest) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0
