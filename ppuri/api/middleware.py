from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


class ApiJsonErrorsMiddleware:
    """Errors under /api/ are always JSON {"detail": …}, even those raised before the API router runs
    (an unknown path, a method the route does not allow, a server error)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            json_response = JsonResponse(
                {"detail": response.reason_phrase + "."}, status=response.status_code
            )
            if "Allow" in response:
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
