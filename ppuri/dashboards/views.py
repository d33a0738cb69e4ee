"""The dashboards' pages: Incheon and each complex, over a period, for everyone — operators see the
figures as counted, everyone else as published (dashboards.selectors decides, never a template)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ppuri.dashboards.charts import page_sections
from ppuri.dashboards.comparison import complex_comparison
from ppuri.dashboards.disclosure import LEGEND, LEGEND_MONEY, sees_unsuppressed
from ppuri.dashboards.maps import DEFAULT_MEASURE, MAP_MEASURES, complex_map, incheon_map
from ppuri.dashboards.reports import report_response
from ppuri.dashboards.scopes import INCHEON, Period, period_get, periods_all, scope_get, scopes_all
from ppuri.dashboards.selectors import Dashboard, dashboard_for
from ppuri.dashboards.services import report_download_record

app_name = "dashboards"


def dashboard_index(request: HttpRequest) -> HttpResponse:
    return redirect("dashboards:detail", scope=INCHEON)


def _dashboard(request: HttpRequest, scope: str) -> tuple[Dashboard, str]:
    chosen = scope_get(scope)
    asked = request.GET.get("period")
    period = period_get(asked)
    notice = ""
    if period is None:
        notice = _("알 수 없는 기간입니다(%(value)s). 전체 기간을 보여 드립니다.") % {"value": asked}
        period = Period(None)
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
    asked = request.GET.get("period")
    period = period_get(asked)
    measure = request.GET.get("measure", DEFAULT_MEASURE)
    notices = []
    if period is None:
        notices.append(_("알 수 없는 기간입니다(%(value)s). 전체 기간을 보여 드립니다.") % {"value": asked})
        period = Period(None)
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
    dashboard, notice = _dashboard(request, scope)
    try:
        report_download_record(
            request=request,
            user=request.user,
            dashboard=dashboard,
            fmt=fmt,
            reason=request.GET.get("reason", ""),
        )
    except ValidationError as error:
        return _page(request, dashboard, notice, errors=error.messages)
    return report_response(dashboard, fmt)


urlpatterns = [
    path("", dashboard_index, name="index"),
    path("map/", dashboard_map, name="map"),
    path("<slug:scope>/", dashboard_detail, name="detail"),
    path("<slug:scope>/report.<str:fmt>", dashboard_report, name="report"),
]
