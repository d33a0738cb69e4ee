"""The dashboards' reports: Excel (openpyxl, write-only) and PDF (WeasyPrint over the page's own
template and charts), each from the published dashboard (dashboards.selectors.dashboard_for), so a report
holds what its reader may see on the page and nothing else."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.dashboards.charts import page_sections
from ppuri.dashboards.models import ReportDownload
from ppuri.dashboards.selectors import Dashboard


def report_filename(dashboard: Dashboard, extension: str) -> tuple[str, str]:
    """(an ASCII name, the reader's name) for the download, by content and date:
    ppuri-namdong-2026-20261204.xlsx / 남동 현황 2026년 (2026-12-04).xlsx."""
    today = clock.today()
    ascii_name = f"ppuri-{dashboard.scope.slug}-{dashboard.period.key}-{today:%Y%m%d}.{extension}"
    title = _("%(scope)s 현황") % {"scope": dashboard.scope.title}
    period = dashboard.period.label if dashboard.period.year else _("전체 기간")
    return ascii_name, f"{title} {period} ({today:%Y-%m-%d}).{extension}"


def report_response(dashboard: Dashboard, fmt: str) -> HttpResponse:
    """The report file, named by content and date (an ASCII name and the reader's, RFC 6266)."""
    # Imported here: openpyxl and WeasyPrint load only for a report.
    from ppuri.dashboards.reports.excel import dashboard_workbook
    from ppuri.dashboards.reports.pdf import dashboard_pdf

    if fmt == ReportDownload.Format.XLSX:
        content = dashboard_workbook(dashboard)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = dashboard_pdf(dashboard, page_sections(dashboard))
        kind = "application/pdf"
    ascii_name, name = report_filename(dashboard, fmt)
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return response
