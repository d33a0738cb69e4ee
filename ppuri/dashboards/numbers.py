"""A figure as text, the same on the page, in charts, on the map and in the reports: whole numbers
with thousands separators, rates and medians with one decimal; the unit after a space, except "%" and
"㎡", which Korean writes against the number."""

from django.contrib.humanize.templatetags.humanize import intcomma

GLUED_UNITS = ("%", "㎡")


def number(value: int | float) -> str:
    return intcomma(value) if isinstance(value, int) else f"{value:,.1f}"


def value_text(value: int | float, unit: str) -> str:
    text = number(value)
    return f"{text}{unit}" if unit in GLUED_UNITS else f"{text} {unit}".strip()
