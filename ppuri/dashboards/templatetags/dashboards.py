from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ppuri.dashboards.disclosure import Published
from ppuri.dashboards.numbers import value_text

register = template.Library()


@register.filter
def shown(published: Published, unit: str = "") -> SafeString:
    """A published figure as text: the number with its unit, "비공개" when suppressed (the same for
    every rule), "—" when there is nothing to count."""
    if published.suppressed:
        # One word for every hidden figure, whatever hid it: which rule did would narrow the value
        # (a "secondary" one is 5 or more, a "dominance" one is paid to one or two companies).
        return format_html(
            '<abbr class="suppressed" title="{}">{}</abbr>', _("공개 규칙에 따라 비공개"), _("비공개")
        )
    if published.value is None:
        return format_html("{}", "—")
    return format_html("{}", value_text(published.value, unit))


@register.filter
def raw(published: Published) -> Any:
    """The value for data attributes (empty when suppressed)."""
    return "" if published.value is None else published.value
