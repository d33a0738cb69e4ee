"""The dashboards' pages: Incheon and each complex, over a period, for everyone — operators see the
figures as counted, everyone else as published (dashboards.selectors decides, never a template)."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ppuri.dashboards.charts import page_sections
from ppuri.dashboards.comparison import complex_comparison
from ppuri.dashboards.disclosure import LEGEND, LEGEND_MONEY, sees_unsuppressed
from ppuri.dashboards.maps import DEFAULT_MEASURE, MAP_MEASURES, complex_map, incheon_map
from ppuri.dashboards.models import ReportJob
from ppuri.dashboards.reports import IN_BACKGROUND, KINDS, attachment, report_response
from ppuri.dashboards.scopes import INCHEON, Period, period_get, periods_all, scope_get, scopes_all
from ppuri.dashboards.selectors import Dashboard, dashboard_for, report_job_for
from ppuri.dashboards.services import report_download_record, report_job_create, report_job_download_record
from ppuri.dashboards.tasks import report_job_phase_key

app_name = "dashboards"


def dashboard_index(request: HttpRequest) -> HttpResponse:
    return redirect("dashboards:detail", scope=INCHEON)


def _period_or_all(asked: str | None) -> tuple[Period, str]:
    """The period asked for, or "all" with a notice saying why."""
    period = period_get(asked)
    if period is None:
        return Period(None), _("알 수 없는 기간입니다(%(value)s). 전체 기간을 보여 드립니다.") % {
            "value": asked
        }
    return period, ""


def _dashboard(request: HttpRequest, scope: str, asked: str | None = None) -> tuple[Dashboard, str]:
    chosen = scope_get(scope)
    period, notice = _period_or_all(asked if asked is not None else request.GET.get("period"))
    return dashboard_for(user=request.user, scope=chosen, period=period), notice


def _page(
    request: HttpRequest, dashboard: Dashboard, notice: str, *, errors: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "dashboard": dashboard,
            "sections": page_sections(dashboard),
            "scopes": scopes_all(),
            "periods": periods_all(),
            "notice": notice,
            "legend": LEGEND,
            "legend_money": LEGEND_MONEY,
            "map": incheon_map(dashboard),
            "comparison": complex_comparison(dashboard),
            "report_errors": errors or [],
            "reason": request.GET.get("reason", ""),
        },
        status=400 if errors else 200,
    )


def dashboard_detail(request: HttpRequest, scope: str) -> HttpResponse:
    dashboard, notice = _dashboard(request, scope)
    return _page(request, dashboard, notice)


def dashboard_map(request: HttpRequest) -> HttpResponse:
    """The complexes filled by a chosen measure over a period, with the values as a table."""
    period, period_notice = _period_or_all(request.GET.get("period"))
    measure = request.GET.get("measure", DEFAULT_MEASURE)
    notices = [period_notice] if period_notice else []
    if measure not in MAP_MEASURES:
        notices.append(
            _("알 수 없는 지표입니다(%(value)s). 뿌리기업 수를 보여 드립니다.") % {"value": measure}
        )
        measure = DEFAULT_MEASURE
    notice = " ".join(notices)
    return render(
        request,
        "dashboards/map.html",
        {
            "map": complex_map(exact=sees_unsuppressed(request.user), period=period, measure=measure),
            "period": period,
            "periods": periods_all(),
            "measures": [(key, label) for key, (label, _section) in MAP_MEASURES.items()],
            "notice": notice,
        },
    )


def dashboard_report(request: HttpRequest, scope: str, fmt: str) -> HttpResponse:
    """The report file at once (an operator's form posts its reason; a link asks with GET)."""
    asked = request.POST if request.method == "POST" else request.GET
    dashboard, notice = _dashboard(request, scope, asked.get("period"))
    try:
        report_download_record(
            request=request,
            user=request.user,
            dashboard=dashboard,
            fmt=fmt,
            reason=asked.get("reason", ""),
        )
    except ValidationError as error:
        return _page(request, dashboard, notice, errors=error.messages)
    return report_response(dashboard, fmt)


@require_POST
def report_job_new(request: HttpRequest, scope: str) -> HttpResponse:
    """Ask for a report the task worker makes (a PDF takes seconds): the job's page follows it."""
    dashboard, notice = _dashboard(request, scope, request.POST.get("period"))
    if notice:  # an unknown period: the job would not be what was asked for
        return _page(request, dashboard, "", errors=[notice])
    fmt = request.POST.get("format", "")
    if fmt not in IN_BACKGROUND:
        return _page(request, dashboard, notice, errors=[_("엑셀은 만들어 둘 필요 없이 바로 내려받습니다.")])
    try:
        job = report_job_create(
            request=request,
            user=request.user,
            dashboard=dashboard,
            fmt=fmt,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        return _page(request, dashboard, notice, errors=error.messages)
    return redirect("dashboards:report_job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ReportJob:
    job = report_job_for(user=request.user, session_key=request.session.session_key, pk=pk)
    if job is None:
        raise Http404
    return job


PHASES = {"counting": gettext_lazy("집계하는 중"), "drawing": gettext_lazy("문서를 만드는 중")}


def report_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress (the page refreshes itself while it waits) and, when done, its file."""
    job = _job(request, pk)
    phase = cache.get(report_job_phase_key(job.pk)) if job.status == ReportJob.Status.RUNNING else None
    return render(
        request,
        "dashboards/report_job.html",
        {
            "job": job,
            "scope": scope_get(job.scope),
            "period": period_get(job.period) or Period(None),
            "phase": str(PHASES.get(phase or "", "")),
            "waiting": job.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING),
            "keep_hours": settings.PPURI_REPORT_JOB_HOURS,
        },
    )


def report_job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The finished file, recorded as every report handed out is."""
    job = _job(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    try:
        opened = job.file.open("rb")
    except OSError:  # deleted, or on another host's disk: nothing to hand out, nothing recorded
        raise Http404 from None
    report_job_download_record(request=request, user=request.user, job=job)
    response = FileResponse(opened, content_type=KINDS[job.format])
    return attachment(response, str(job.file.name).rsplit("/", 1)[-1], job.file_name)


urlpatterns = [
    path("", dashboard_index, name="index"),
    path("map/", dashboard_map, name="map"),
    path("reports/<int:pk>/", report_job_detail, name="report_job"),
    path("reports/<int:pk>/file", report_job_file, name="report_job_file"),
    path("<slug:scope>/reports/", report_job_new, name="report_job_new"),
    path("<slug:scope>/", dashboard_detail, name="detail"),
    path("<slug:scope>/report.<str:fmt>", dashboard_report, name="report"),
]
