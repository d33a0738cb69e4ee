"""A URLconf with views that fail, for the server-error tests (tests/test_healthz.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", boom), path("api/boom/", boom)]
handler500 = "ppuri.core.views.server_error"
