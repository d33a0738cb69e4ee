"""Sourcing on the workspace (core.attention): invitations a supplier should answer, quotes waiting
for the buyer's decision, and the buyer's own requests with their states. Each list starts from the
sourcing selectors."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.accounts import roles
from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.registry.selectors import organizations_of
from ppuri.sourcing import selectors
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

Status = SourcingRequest.Status


def invitations_to_quote(user: Any) -> Attention | None:
    if not roles.may_use_company_tools(user):
        return None
    invitations = (
        selectors.all_invitations_visible_to(user)
        .filter(supplier__in=organizations_of(user), status=Invitation.Status.INVITED)
        .filter(request__status=Status.OPEN)
        .select_related("request", "supplier")
        .order_by("-created_at")
    )
    return Attention(
        key="sourcing.invitations",
        title=_("견적을 요청받은 건"),
        count=invitations.count(),
        url=reverse("sourcing:list"),
        items=[
            AttentionItem(
                label=invitation.request.title,
                url=invitation.request.get_absolute_url(),
                note=invitation.supplier.name,
            )
            for invitation in invitations[:ITEMS_SHOWN]
        ],
        empty=_("답할 견적 요청이 없습니다."),
    )


def quotes_to_decide(user: Any) -> Attention | None:
    if not roles.may_use_sourcing(user):
        return None
    mine = selectors.requests_of_buyer(user)
    quoted = Exists(Quote.objects.filter(invitation__request=OuterRef("pk")))
    requests = mine.filter(quoted, status=Status.OPEN).order_by("-created_at")
    return Attention(
        key="sourcing.quotes",
        title=_("받은 견적을 검토할 요청"),
        count=requests.count(),
        url=reverse("sourcing:list"),
        items=[
            AttentionItem(label=request.title, url=request.get_absolute_url(), note=request.buyer.name)
            for request in requests[:ITEMS_SHOWN]
        ],
        empty=_("검토할 견적이 없습니다."),
    )


def own_requests(user: Any) -> Attention | None:
    if not roles.may_use_sourcing(user):
        return None
    mine = selectors.requests_of_buyer(user)
    requests = mine.filter(status__in=[Status.DRAFT, Status.OPEN]).order_by("-created_at")
    return Attention(
        key="sourcing.own_requests",
        title=_("진행 중인 견적 요청"),
        count=requests.count(),
        url=reverse("sourcing:list"),
        items=[
            AttentionItem(
                label=request.title, url=request.get_absolute_url(), note=request.get_status_display()
            )
            for request in requests[:ITEMS_SHOWN]
        ],
        empty=_("진행 중인 견적 요청이 없습니다."),
    )
