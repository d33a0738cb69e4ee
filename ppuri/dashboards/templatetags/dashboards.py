from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ppuri.dashboards.disclosure import Published

register = template.Library()


def number(value: int | float) -> str:
    return intcomma(value) if isinstance(value, int) else f"{value:,.1f}"


@register.filter
def shown(published: Published, unit: str = "") -> SafeString:
    """A published figure as text: the number with its unit, "비공개" (with why, for screen readers
    and on hover) when suppressed, "—" when there is nothing to count."""
    if published.suppressed:
        why = {
            "threshold": _("5 미만 비공개"),
            "dominance": _("3개 미만 기업의 금액 비공개"),
            "secondary": _("다른 값에서 역산되지 않도록 함께 비공개"),
        }.get(published.reason, "")
        return format_html('<abbr class="suppressed" title="{}">{}</abbr>', why, _("비공개"))
    if published.value is None:
        return format_html("{}", "—")
    text = number(published.value)
    if unit in ("%", "㎡"):
        return format_html("{}{}", text, unit)
    return format_html("{} {}", text, unit) if unit else format_html("{}", text)


@register.filter
def raw(published: Published) -> Any:
    """The value for data attributes (empty when suppressed)."""
    return "" if published.value is None else published.value
