"""The dashboards through the API (issue 18's contract): `GET /dashboards/{scope}` returns every
measure with `value` (null when suppressed), `suppressed`, `unit`, `period` and `source`, and beside
them each table with its totals, as the viewer may see them (dashboards.selectors)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from ppuri.api.auth import optional_user
from ppuri.api.schemas import ErrorOut, ValidationErrorOut
from ppuri.dashboards.disclosure import LEGEND, Published
from ppuri.dashboards.reports import report_response
from ppuri.dashboards.scopes import Period, period_get, scope_get
from ppuri.dashboards.selectors import Dashboard, dashboard_for
from ppuri.dashboards.services import report_download_record

router = Router(tags=["dashboards"])


class DashboardsMeasureOut(Schema):
    key: str
    section: str
    label: str
    value: int | float | None = Field(..., description="공개 규칙을 거친 값; 비공개면 null")
    suppressed: bool = Field(
        ..., description="공개 규칙(5 미만, 3개 미만 기업의 금액, 2차 비공개)으로 가렸는지"
    )
    unit: str
    period: str = Field(..., description="기간(예: 2026년, 2019년 7월 ~ 오늘)")
    source: str
    note: str


class DashboardsCellOut(Schema):
    value: int | None
    suppressed: bool


class DashboardsTableOut(Schema):
    key: str
    section: str
    title: str
    rows: list[str]
    columns: list[str]
    cells: list[list[DashboardsCellOut]]
    row_totals: list[DashboardsCellOut]
    column_totals: list[DashboardsCellOut]
    total: DashboardsCellOut
    unit: str
    source: str


class DashboardsOut(Schema):
    scope: str = Field(..., description="incheon 또는 산업단지 식별자(namdong, juan, bupyeong, seobu)")
    title: str
    period: str = Field(..., description="요청한 기간: all 또는 연도")
    period_label: str
    unsuppressed: bool = Field(..., description="운영기관 계정이라 가리지 않은 값인지")
    legend: str
    measures: list[DashboardsMeasureOut]
    tables: list[DashboardsTableOut]


def _cell(shown: Published) -> dict[str, Any]:
    return {"value": shown.value, "suppressed": shown.suppressed}


def dashboard_json(dashboard: Dashboard) -> dict[str, Any]:
    """The dashboard as the API, the Excel report and the tests read it."""
    label = dashboard.period.label
    measures = [
        {
            "key": figure.figure.key,
            "section": section.section.key,
            "label": figure.figure.label,
            "value": figure.value,
            "suppressed": figure.suppressed,
            "unit": figure.figure.unit,
            "period": label,
            "source": figure.figure.source,
            "note": figure.figure.note,
        }
        for section in dashboard.sections
        for figure in section.figures
    ]
    tables = [
        {
            "key": item.breakdown.key,
            "section": section.section.key,
            "title": item.breakdown.title,
            "rows": item.breakdown.rows,
            "columns": item.breakdown.columns,
            "cells": [[_cell(cell) for cell in row] for row in item.table.cells],
            "row_totals": [_cell(cell) for cell in item.table.row_totals],
            "column_totals": [_cell(cell) for cell in item.table.column_totals],
            "total": _cell(item.table.total),
            "unit": item.breakdown.unit,
            "source": item.breakdown.source,
        }
        for section in dashboard.sections
        for item in section.breakdowns
    ]
    return {
        "scope": dashboard.scope.slug,
        "title": dashboard.scope.title,
        "period": dashboard.period.key,
        "period_label": label,
        "unsuppressed": dashboard.exact,
        "legend": str(LEGEND),
        "measures": measures,
        "tables": tables,
    }


def period_or_refuse(value: str | None) -> Period:
    period = period_get(value)
    if period is None:
        raise ValidationError({"period": [_("기간은 all이나 2019년부터 올해까지의 연도로 주세요.")]})
    return period


@router.get(
    "/dashboards/{scope}",
    response={200: DashboardsOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=optional_user,
    summary="인천 전체나 산업단지 하나의 현황(공개 규칙 적용)",
)
def dashboard_detail(request: HttpRequest, scope: str, period: str = "all") -> Any:
    chosen = scope_get(scope)
    return dashboard_json(
        dashboard_for(user=optional_user(request), scope=chosen, period=period_or_refuse(period))
    )


def _report(request: HttpRequest, scope: str, period: str, reason: str, fmt: str) -> HttpResponse:
    user = optional_user(request)
    dashboard = dashboard_for(user=user, scope=scope_get(scope), period=period_or_refuse(period))
    report_download_record(request=request, user=user, dashboard=dashboard, fmt=fmt, reason=reason)
    return report_response(dashboard, fmt)


REPORT_RESPONSES: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}


@router.get(
    "/dashboards/{scope}/report.xlsx",
    response=REPORT_RESPONSES,
    auth=optional_user,
    summary="현황 보고서(엑셀): 화면과 같은 값, 공개 규칙 적용; 운영기관은 reason 필수",
)
def dashboard_report_xlsx(request: HttpRequest, scope: str, period: str = "all", reason: str = "") -> Any:
    return _report(request, scope, period, reason, "xlsx")


@router.get(
    "/dashboards/{scope}/report.pdf",
    response=REPORT_RESPONSES,
    auth=optional_user,
    summary="현황 보고서(PDF): 화면과 같은 값과 그림, 공개 규칙 적용; 운영기관은 reason 필수",
)
def dashboard_report_pdf(request: HttpRequest, scope: str, period: str = "all", reason: str = "") -> Any:
    return _report(request, scope, period, reason, "pdf")
