"""The dashboards' reports: Excel (openpyxl, write-only) and PDF (WeasyPrint over the page's own
template and charts), each from the published dashboard (dashboards.selectors.dashboard_for), so a report
holds what its reader may see on the page and nothing else."""

from urllib.parse import quote

from django.http import HttpResponse
from django.http.response import HttpResponseBase
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


# Made by the task worker when asked for on the page (dashboards.tasks): a PDF takes seconds (2.8–3.6 s
# for a complex in bench/dashboards.py), an Excel file well under one. The API still answers with the
# file itself (its contract), as does the GET address.
IN_BACKGROUND: set[str] = {ReportDownload.Format.PDF}
KINDS: dict[str, str] = {
    ReportDownload.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportDownload.Format.PDF: "application/pdf",
}


def report_content(dashboard: Dashboard, fmt: str) -> tuple[bytes, str, str, str]:
    """The report's bytes, its ASCII name, the reader's name and its content type."""
    # Imported here: openpyxl and WeasyPrint load only for a report.
    from ppuri.dashboards.reports.excel import dashboard_workbook
    from ppuri.dashboards.reports.pdf import dashboard_pdf

    if fmt == ReportDownload.Format.XLSX:
        content = dashboard_workbook(dashboard)
    else:
        content = dashboard_pdf(dashboard, page_sections(dashboard))
    ascii_name, name = report_filename(dashboard, fmt)
    return content, ascii_name, name, KINDS[fmt]


def attachment[R: HttpResponseBase](response: R, ascii_name: str, name: str) -> R:
    """Named for download: an ASCII name and the reader's (RFC 6266)."""
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return response


def report_response(dashboard: Dashboard, fmt: str) -> HttpResponse:
    """The report file, named by content and date."""
    content, ascii_name, name, kind = report_content(dashboard, fmt)
    return attachment(HttpResponse(content, content_type=kind), ascii_name, name)
