"""The desk on each role's workspace (core.attention): the operator's cases to triage and overdue
cases, an expert's offers and open cases, a company's own cases and their states. Every list starts
from the desk's selectors, so a workspace shows only what the desk lets this user see."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.challenges import selectors
from ppuri.challenges.models import Challenge, Offer
from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.core.permissions import is_operator
from ppuri.registry.selectors import organizations_of

Status = Challenge.Status
FINISHED = [Status.CLOSED, Status.WITHDRAWN]


def _case_items(cases: Any) -> list[AttentionItem]:
    return [
        AttentionItem(label=case.title, url=case.get_absolute_url(), note=case.get_status_display())
        for case in cases[:ITEMS_SHOWN]
    ]


def cases_to_triage(user: Any) -> Attention | None:
    if not is_operator(user):
        return None
    cases = selectors.challenges_visible_to(user).filter(status=Status.SUBMITTED).order_by("created_at")
    return Attention(
        key="challenges.triage",
        title=_("분류할 과제"),
        count=cases.count(),
        url=reverse("challenges:list"),
        items=_case_items(cases),
        empty=_("분류를 기다리는 과제가 없습니다."),
    )


def cases_overdue(user: Any) -> Attention | None:
    if not is_operator(user):
        return None
    clocks = selectors.overdue()
    late = Q()
    for overdue_cases in clocks.values():
        late |= Q(pk__in=overdue_cases.values("pk"))
    cases = selectors.challenges_visible_to(user).filter(late).order_by("created_at")
    return Attention(
        key="challenges.overdue",
        title=_("처리 기한이 지난 과제"),
        count=cases.count(),
        url=reverse("challenges:list"),
        items=_case_items(cases),
        empty=_("기한이 지난 과제가 없습니다."),
    )


def _offers(user: Any, status: str) -> Any:
    return selectors.expert_offers(user).filter(status=status)


def offers_to_answer(user: Any) -> Attention | None:
    offers = _offers(user, Offer.Status.OFFERED)
    return Attention(
        key="challenges.offers",
        title=_("수락 또는 거절할 자문 제안"),
        count=offers.count(),
        url=reverse("challenges:list"),
        items=[
            AttentionItem(label=offer.challenge.title, url=offer.challenge.get_absolute_url())
            for offer in offers[:ITEMS_SHOWN]
        ],
        empty=_("답할 제안이 없습니다."),
    )


def expert_open_cases(user: Any) -> Attention | None:
    offers = _offers(user, Offer.Status.ACCEPTED).exclude(challenge__status__in=FINISHED)
    return Attention(
        key="challenges.expert_cases",
        title=_("진행 중인 자문"),
        count=offers.count(),
        url=reverse("challenges:list"),
        items=[
            AttentionItem(
                label=offer.challenge.title,
                url=offer.challenge.get_absolute_url(),
                note=offer.challenge.get_status_display(),
            )
            for offer in offers[:ITEMS_SHOWN]
        ],
        empty=_("진행 중인 자문이 없습니다."),
    )


def company_cases(user: Any) -> Attention | None:
    cases = (
        selectors.challenges_visible_to(user)
        .filter(company__in=organizations_of(user))
        .exclude(status__in=FINISHED)
        .order_by("-created_at")
    )
    return Attention(
        key="challenges.company_cases",
        title=_("우리 기업의 한계기술 과제"),
        count=cases.count(),
        url=reverse("challenges:list"),
        items=_case_items(cases),
        empty=_("진행 중인 과제가 없습니다."),
    )
