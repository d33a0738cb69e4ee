"""`{{ value|for_reader }}`: a value stored in each language (core.i18n.in_each_language), in the reader's."""

from typing import Any

from django import template

from ppuri.core.i18n import for_reader as pick

register = template.Library()


@register.filter
def for_reader(value: Any) -> Any:
    return pick(value)
