"""`{{ amount|won }}`: an amount of money as the reader's language rounds it (306억 원 / KRW 30.6
billion, core.text), for headline figures; tables show exact won with humanize's intcomma.
`{{ rate|percent }}`: a per-cent figure with one decimal, or a dash when there is none."""

from decimal import Decimal
from typing import Any

from django import template

from ppuri.core.i18n import reads_english
from ppuri.core.text import english_won, korean_won

register = template.Library()


@register.filter
def won(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return english_won(value) if reads_english() else korean_won(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


@register.filter
def signed(value: int | None) -> str:
    """+1,250 / −300 / 0: a difference with its sign."""
    if value is None:
        return "—"
    if value > 0:
        return f"+{value:,}"
    return f"−{-value:,}" if value < 0 else "0"
