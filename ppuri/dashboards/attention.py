"""The workspace's entry for the dashboards: Incheon and each complex, one link each."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ppuri.core.attention import Attention, AttentionItem
from ppuri.dashboards.scopes import scopes_all


def dashboards_entry(user: Any) -> Attention | None:
    scopes = scopes_all()
    return Attention(
        key="dashboards",
        title=_("대시보드와 보고서"),
        count=len(scopes),
        url=reverse("dashboards:index"),
        items=[AttentionItem(label=s.title, url=reverse("dashboards:detail", args=[s.slug])) for s in scopes],
    )
