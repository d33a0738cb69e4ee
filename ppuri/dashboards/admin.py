from django.contrib import admin

from ppuri.core.admin import ReadOnlyAdmin
from ppuri.dashboards.models import ReportDownload


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdmin):
    """Who downloaded which dashboard report and why: read-only, like the access record."""

    list_display = ["downloaded_at", "username", "scope", "period", "format", "unsuppressed", "reason"]
    list_filter = ["format", "unsuppressed", "scope"]
    search_fields = ["username", "reason"]
    date_hierarchy = "downloaded_at"
