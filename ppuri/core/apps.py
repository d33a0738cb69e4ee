from typing import Any

from django.apps import AppConfig
from django.db.models import QuerySet


class CoreConfig(AppConfig):
    name = "ppuri.core"
    label = "core"
    verbose_name = "Ppuri core"

    def ready(self) -> None:
        from ppuri.core import visibility
        from ppuri.core.models import ActivityLog, Notification

        # The change log is read through activity_for_scope (entry by entry, by its target's rule);
        # as rows of their own, like access records, they belong to the back office.
        visibility.register(ActivityLog, visibility.operators_only(ActivityLog))
        visibility.register(Notification, notifications_of)


def notifications_of(user: Any) -> QuerySet[Any]:
    from ppuri.core.models import Notification

    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
