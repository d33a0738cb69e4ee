"""Masking in templates, with core.text's rules: a list shows 홍*동, never the whole name."""

from django import template

from ppuri.core.text import mask_name as _mask_name

register = template.Library()


@register.filter
def mask_name(value: str) -> str:
    return _mask_name(str(value or ""))
