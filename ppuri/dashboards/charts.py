"""Charts drawn on the server as SVG, so the page and the PDF report show the same drawing from the
same definition (no chart library in the browser, nothing to render twice). A chart is built from
published figures only: a suppressed bar is drawn hatched at no length, with "비공개" written beside
it, never its value. Every chart on a page has its data table beside it."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ppuri.dashboards.disclosure import Published
from ppuri.dashboards.numbers import value_text
from ppuri.dashboards.publish import PublishedBreakdown
from ppuri.dashboards.selectors import Dashboard, PublishedSection

LABEL_WIDTH = 150  # room for a label of ~10 Hangul syllables at 12 px
BAR_AREA = 380
VALUE_WIDTH = 90
ROW_HEIGHT = 22
BAR_HEIGHT = 14
TOP = 8
MAX_LABEL_CHARACTERS = 12


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn (shortened)
    title: str  # whole
    y: int
    length: float
    text: str  # the value with its unit, or "비공개"
    suppressed: bool

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3

    @property
    def value_x(self) -> float:
        """Where the value (or "비공개") is written: past the bar, or past the hatched mark."""
        return LABEL_WIDTH + (30 if self.suppressed else self.length + 6)


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    bar_x: int = LABEL_WIDTH
    label_x: int = LABEL_WIDTH - 6


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARACTERS else label[: MAX_LABEL_CHARACTERS - 1] + "…"


def bar_chart(
    *, key: str, title: str, labels: Sequence[str], shown: Sequence[Published], unit: str
) -> BarChart:
    """Horizontal bars, one per label, scaled to the largest shown value."""
    largest = max((p.value for p in shown if p.value), default=0) or 1
    bars = []
    for index, (label, published) in enumerate(zip(labels, shown, strict=True)):
        value = published.value
        bars.append(
            Bar(
                label=_short(label),
                title=label,
                y=TOP + index * ROW_HEIGHT,
                length=0.0 if value is None else round(BAR_AREA * value / largest, 1),
                text=_("비공개") if published.suppressed else value_text(value or 0, unit),
                suppressed=published.suppressed,
            )
        )
    return BarChart(
        key=key,
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=TOP * 2 + ROW_HEIGHT * len(bars),
    )


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


def page_sections(dashboard: Dashboard) -> list[tuple[PublishedSection, list[BreakdownView]]]:
    """Each section with its tables and their charts: what the page and the PDF lay out."""
    return [
        (section, [breakdown_view(item) for item in section.breakdowns]) for section in dashboard.sections
    ]
