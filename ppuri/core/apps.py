from typing import Any

from django.apps import AppConfig
from django.db.models import QuerySet


class CoreConfig(AppConfig):
    name = "ppuri.core"
    label = "core"
    verbose_name = "Ppuri core"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models import fields
        from django.db.models.signals import pre_save

        from ppuri.core import visibility
        from ppuri.core.forms import BLANK_LABEL
        from ppuri.core.privacy import free_text_fields, guard_free_text

        fields.BLANK_CHOICE_LABEL = BLANK_LABEL  # "선택하세요" / "Select…" on every select

        for model in apps.get_models():
            if model.__module__.startswith("ppuri.") and free_text_fields(model):
                pre_save.connect(guard_free_text, sender=model, dispatch_uid=f"privacy:{model._meta.label}")
        from ppuri.core.models import ActivityLog, Notification

        # The change log is read through activity_for_scope (entry by entry, by its target's rule);
        # as rows of their own, like access records, they belong to the back office.
        visibility.register(ActivityLog, visibility.operators_only(ActivityLog))
        visibility.register(Notification, notifications_of)

        from ppuri.core import personal_data
        from ppuri.core.personal_data_core import CORE

        personal_data.register(CORE)

        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from ppuri.core import page_cache

        # Every connection tells the anonymous page cache when it changed data (core.page_cache).
        connection_created.connect(page_cache.watch_writes, dispatch_uid="page-cache:watch-writes")
        post_migrate.connect(page_cache.data_changed_after_migrate, dispatch_uid="page-cache:migrate")


def notifications_of(user: Any) -> QuerySet[Any]:
    from ppuri.core.models import Notification

    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
