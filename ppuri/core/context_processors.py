from django.conf import settings
from django.http import HttpRequest


def ppuri(request: HttpRequest) -> dict[str, object]:
    return {"PPURI_DEMO": settings.PPURI_DEMO_MODE}
