"""The youth incentive on the workspace (core.attention): the labor office's queue and the payments
waiting for it; a company's installments to confirm; a young person's own case when they applied
through the jobs app. Each list starts from the incentives' selectors and masks the person."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.accounts import roles
from ppuri.core import clock
from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.core.text import mask_name
from ppuri.incentives import selectors
from ppuri.incentives.models import IncentiveApplication, Installment


def review_queue(user: Any) -> Attention | None:
    if not roles.may_review_incentives(user):
        return None
    waiting = selectors.queue().filter(status=IncentiveApplication.Status.PENDING)
    return Attention(
        key="incentives.queue",
        title=_("심사할 장려금 신청"),
        count=waiting.count(),
        url=reverse("incentives:queue"),
        items=[
            AttentionItem(
                label=application.program.name,
                url=application.get_absolute_url(),
                note=f"{mask_name(application.person_name)} · {application.company.display_name}",
            )
            for application in waiting[:ITEMS_SHOWN]
        ],
        empty=_("심사할 신청이 없습니다."),
    )


def payments_waiting(user: Any) -> Attention | None:
    if not roles.may_review_incentives(user):
        return None
    steps = [Installment.Status.CONFIRMED, Installment.Status.APPROVED, Installment.Status.RECOVERING]
    waiting = (
        selectors.installments_visible_to(user)
        .filter(status__in=steps)
        .select_related("case__application__program")
        .order_by("due_on", "pk")
    )
    return Attention(
        key="incentives.payments",
        title=_("지급 승인·지급·환수를 기다리는 회차"),
        count=waiting.count(),
        url=reverse("incentives:queue"),
        items=[
            AttentionItem(
                label=installment.case.application.program.name,
                url=installment.case.application.get_absolute_url(),
                note=_("%(n)d회차 · %(status)s")
                % {"n": installment.number, "status": installment.get_status_display()},
            )
            for installment in waiting[:ITEMS_SHOWN]
        ],
        empty=_("기다리는 회차가 없습니다."),
    )


def installments_to_confirm(user: Any) -> Attention | None:
    if not roles.may_use_company_tools(user) or roles.is_operator(user):
        return None
    due = (
        selectors.installments_visible_to(user)
        .filter(status=Installment.Status.SCHEDULED, due_on__lte=clock.today())
        .filter(case__employment__separated_on__isnull=True)
        .select_related("case__application__program")
        .order_by("due_on", "pk")
    )
    return Attention(
        key="incentives.confirm",
        title=_("재직을 확인할 장려금 회차"),
        count=due.count(),
        url=reverse("incentives:mine"),
        items=[
            AttentionItem(
                label=installment.case.application.program.name,
                url=installment.case.application.get_absolute_url(),
                note=f"{mask_name(installment.case.application.person_name)} · {installment.due_on:%Y-%m-%d}",
            )
            for installment in due[:ITEMS_SHOWN]
        ],
        empty=_("재직을 확인할 회차가 없습니다."),
    )
