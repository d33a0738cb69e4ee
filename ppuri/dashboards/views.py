"""The dashboards' pages: Incheon and each complex, over a period, for everyone — operators see the
figures as counted, everyone else as published (dashboards.selectors decides, never a template)."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ppuri.dashboards.charts import BarChart, bar_chart
from ppuri.dashboards.disclosure import LEGEND, LEGEND_MONEY
from ppuri.dashboards.scopes import INCHEON, Period, period_get, periods_all, scope_get, scopes_all
from ppuri.dashboards.selectors import PublishedBreakdown, dashboard_for

app_name = "dashboards"


@dataclass(frozen=True)
class BreakdownView:
    item: PublishedBreakdown
    chart: BarChart

    @property
    def rows(self) -> list[tuple[str, list[Any], Any]]:
        table = self.item.table
        return list(zip(self.item.breakdown.rows, table.cells, table.row_totals, strict=True))


def breakdown_view(item: PublishedBreakdown) -> BreakdownView:
    """A table with the chart of its row totals (what the table's last column says)."""
    breakdown = item.breakdown
    chart = bar_chart(
        key=breakdown.key,
        title=_("%(title)s — 합계") % {"title": breakdown.title},
        labels=breakdown.rows,
        shown=item.table.row_totals,
        unit=breakdown.unit,
    )
    return BreakdownView(item, chart)


def dashboard_index(request: HttpRequest) -> HttpResponse:
    return redirect("dashboards:detail", scope=INCHEON)


def dashboard_detail(request: HttpRequest, scope: str) -> HttpResponse:
    chosen = scope_get(scope)
    asked = request.GET.get("period")
    period = period_get(asked)
    notice = ""
    if period is None:
        notice = _("알 수 없는 기간입니다(%(value)s). 전체 기간을 보여 드립니다.") % {"value": asked}
        period = Period(None)
    dashboard = dashboard_for(user=request.user, scope=chosen, period=period)
    sections = [
        (section, [breakdown_view(item) for item in section.breakdowns]) for section in dashboard.sections
    ]
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "dashboard": dashboard,
            "sections": sections,
            "scopes": scopes_all(),
            "periods": periods_all(),
            "notice": notice,
            "legend": LEGEND,
            "legend_money": LEGEND_MONEY,
        },
    )


urlpatterns = [
    path("", dashboard_index, name="index"),
    path("<slug:scope>/", dashboard_detail, name="detail"),
]
