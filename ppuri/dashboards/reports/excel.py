"""The dashboard as an Excel workbook: a summary sheet, then a sheet per section with its figures (value,
unit, whether and why suppressed, period, source, note in columns) and its tables (a suppressed cell
written as "비공개"). openpyxl in write-only mode (rows streamed, not held); every text cell passes
core.spreadsheets.spreadsheet_text, so no text is run as a formula; widths fit the Korean text."""

import io
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ppuri.core.spreadsheets import display_width, spreadsheet_text
from ppuri.dashboards.disclosure import LEGEND, LEGEND_MONEY, Published
from ppuri.dashboards.selectors import Dashboard, PublishedSection

MAX_WIDTH = 80  # a long source wraps past this in the reader's spreadsheet anyway


def _text(value: Any) -> Any:
    return spreadsheet_text(str(value)) if isinstance(value, str | Promise) else value


def _cell(shown: Published) -> Any:
    return _("비공개") if shown.suppressed else shown.value


def _sheet_rows(dashboard: Dashboard, section: PublishedSection) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("지표"), _("값"), _("단위"), _("비공개"), _("기간"), _("출처"), _("설명")]]
    for figure in section.figures:
        rows.append(
            [
                figure.figure.label,
                _cell(figure.shown),
                figure.figure.unit,
                _("예") if figure.suppressed else _("아니요"),
                dashboard.period.label,
                figure.figure.source,
                figure.figure.note,
            ]
        )
    for item in section.breakdowns:
        breakdown, table = item.breakdown, item.table
        rows += [[], [breakdown.title + (f" ({breakdown.unit})" if breakdown.unit else "")]]
        rows.append([breakdown.row_label, *breakdown.columns, _("합계")])
        for label, cells, total in zip(breakdown.rows, table.cells, table.row_totals, strict=True):
            rows.append([label, *[_cell(c) for c in cells], _cell(total)])
        rows.append([_("합계"), *[_cell(c) for c in table.column_totals], _cell(table.total)])
        rows.append([_("출처"), breakdown.source])
    return rows


def _summary_rows(dashboard: Dashboard) -> list[list[Any]]:
    return [
        [_("Ppuri 현황 보고서")],
        [_("범위"), dashboard.scope.title],
        [_("기간"), dashboard.period.label],
        [_("만든 시각"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        [
            _("공개 규칙"),
            _("비공개 값 없이 모두 표시(운영기관)")
            if dashboard.exact
            else f"{LEGEND}; {LEGEND_MONEY}; " + _("합계에서 역산되지 않도록 함께 가린 값(2차 비공개)"),
        ],
        [],
        [_("시트"), _("내용")],
        *[[s.section.title, len(s.figures) + len(s.breakdowns)] for s in dashboard.sections],
    ]


def _write(workbook: Workbook, title: str, rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, start=1):
            widths[index] = max(
                widths.get(index, 8), display_width(str(value if value is not None else "")) + 2
            )
    # Write-only sheets take their widths before the first row.
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
    for row in rows:
        sheet.append([_text(value) for value in row])


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    workbook = Workbook(write_only=True)
    _write(workbook, _("요약"), _summary_rows(dashboard))
    for section in dashboard.sections:
        _write(workbook, section.section.title, _sheet_rows(dashboard, section))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
