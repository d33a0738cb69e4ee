from django.contrib import admin

from ppuri.core.admin import ReadOnlyAdmin
from ppuri.dashboards.models import ReportDownload, ReportJob


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdmin):
    """Who downloaded which dashboard report and why: read-only, like the access record."""

    list_display = ["downloaded_at", "username", "scope", "period", "format", "unsuppressed", "reason"]
    list_filter = ["format", "unsuppressed", "scope"]
    search_fields = ["username", "reason"]
    date_hierarchy = "downloaded_at"


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    """Reports made by the task worker: their state, for operators following a failure."""

    list_display = ["created_at", "user", "scope", "period", "format", "exact", "status", "finished_at"]
    list_filter = ["status", "format", "exact"]
    date_hierarchy = "created_at"
    exclude = ["file", "session_hash", "reason"]  # the reader's own; the download record keeps the reason
