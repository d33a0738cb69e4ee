"""`{{ value|figure:unit }}`: a commitment's target or actual with its unit — money rounded as the
reader's language writes it (16억 원 / KRW 1.6 billion, core.text), counts exact with their unit
(1,250명); a dash when there is none. `{{ status|status_class }}`: the badge colour of a status;
`verification_label` and `verification_class`: the mark of how far a commitment's figures were
confirmed at their source."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from ppuri.core.i18n import reads_english
from ppuri.core.text import english_won, korean_won

register = template.Library()

MONEY_UNITS = ("원", "KRW")


def _unit(unit: str) -> str:
    """The units commitments use, in the reader's language; any other as written."""
    known = {"명": _("명"), "건": _("건"), "곳": _("곳"), "개": _("개")}
    return known.get(unit, unit)


@register.filter
def figure(value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return "—"
    if unit in MONEY_UNITS:
        return english_won(value) if reads_english() else korean_won(value)
    shown = _unit(unit)
    return f"{value:,} {shown}" if reads_english() and shown else f"{value:,}{shown}"


@register.filter
def status_class(status: str) -> str:
    return {
        "on_track": "bg-light-success",
        "at_risk": "bg-light-warning",
        "behind": "bg-light-danger",
        "no_actual": "bg-light-primary",
    }.get(status, "bg-light-gray")


@register.filter
def verification_label(verification: str) -> str:
    """The short mark of a commitment's sources (the model's label says more, on its own page)."""
    return {"verified": _("출처 확인"), "partial": _("일부 확인")}.get(verification, _("미확인"))


@register.filter
def verification_class(verification: str) -> str:
    return {"verified": "bg-light-success", "partial": "bg-light-warning"}.get(
        verification, "bg-light-danger"
    )
