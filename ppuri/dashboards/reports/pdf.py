"""The dashboard as a PDF: the page's own sections, tables and SVG charts (the same templates and the
same chart definitions, so the report matches the screen), laid out for A4 by WeasyPrint with the
installed Noto Sans CJK KR. Korean breaks between words only (keep_korean_words)."""

import re

from django.template.loader import render_to_string
from django.utils import timezone

from ppuri.dashboards.comparison import complex_comparison
from ppuri.dashboards.disclosure import LEGEND, LEGEND_MONEY
from ppuri.dashboards.maps import incheon_map
from ppuri.dashboards.selectors import Dashboard


def dashboard_pdf(dashboard: Dashboard, sections: list) -> bytes:  # type: ignore[type-arg]
    # Imported here: WeasyPrint loads Pango and the fonts, which no other request needs.
    from weasyprint import HTML

    html = render_to_string(
        "dashboards/report_pdf.html",
        {
            "dashboard": dashboard,
            "sections": sections,
            "legend": LEGEND,
            "legend_money": LEGEND_MONEY,
            "generated_at": timezone.localtime(),
            "map": incheon_map(dashboard),
            "comparison": complex_comparison(dashboard),
        },
    )
    return HTML(string=keep_korean_words(html)).write_pdf()  # type: ignore[no-any-return]


# Tags whose text is not laid out as lines (styles) or is placed by hand (the charts' SVG).
_UNTOUCHED = re.compile(r"(<title.*?</title>|<style.*?</style>|<svg.*?</svg>|<[^>]+>)", re.DOTALL)
_KOREAN_WORD = re.compile(r"[^\s<>]*[가-힣][^\s<>]*")


def keep_korean_words(html: str) -> str:
    """Korean breaks between words, never inside one. WeasyPrint does not implement CSS
    `word-break: keep-all`, and Pango, following UAX #14, may break between any two Hangul syllables;
    so each word holding Hangul is wrapped in a span that does not wrap."""
    parts = _UNTOUCHED.split(html)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = _KOREAN_WORD.sub(r'<span style="white-space: nowrap">\g<0></span>', parts[index])
    return "".join(parts)
