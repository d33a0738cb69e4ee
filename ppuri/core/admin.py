from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ppuri.core.models import AccessRecord, ActivityLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """A back-office view of what changes only through the services (which check, log and notify)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "verb", "summary"]
    list_filter = ["verb"]
    search_fields = ["summary", "verb"]
    readonly_fields = [f.name for f in ActivityLog._meta.fields]


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """The access record, for operators to read: nobody adds, changes or deletes one here, superusers
    included (core.access; the retention purge is a command)."""

    list_display = [
        "created_at",
        "username",
        "kind",
        "action",
        "target_type",
        "target_id",
        "ip_address",
        "path",
    ]
    list_display_links = None  # every field is in the list; there is no page to open
    list_filter = ["kind", "action", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["username", "ip_address"]
    list_select_related = ["target_type"]
    show_full_result_count = False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        raise PermissionDenied
