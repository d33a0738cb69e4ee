from django.http import HttpRequest

from ppuri.core.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, object]:
    """The header's count of unread notifications (one COUNT on an indexed column per signed-in page)."""
    return {"UNREAD_NOTIFICATIONS": unread_count(getattr(request, "user", None))}
