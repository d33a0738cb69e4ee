"""What the registry asks of an operator on the workspace: imported factories that look like an
organization already registered and wait for a decision (core.attention)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.core.permissions import is_operator
from ppuri.registry.importing.selectors import review_items_pending


def imports_to_review(user: Any) -> Attention | None:
    if not is_operator(user):
        return None
    pending = review_items_pending()
    url = reverse("registry:import_review")
    return Attention(
        key="registry.import_review",
        title=_("가져온 공장 자료 중복 검토"),
        count=pending.count(),
        url=url,
        items=[AttentionItem(label=str(item), url=url, note=item.reason) for item in pending[:ITEMS_SHOWN]],
        empty=_("검토할 항목이 없습니다."),
    )
