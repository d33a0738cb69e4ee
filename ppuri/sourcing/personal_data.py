"""Sourcing's part of "my data" (core.personal_data): the requests the person posted and the quotes
they submitted. Both are the companies' business records and stay after the person leaves."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest
from ppuri.sourcing.selectors import requests_visible_to


def _title(request: SourcingRequest, visible: set[int]) -> str:
    # A request whose access ended (the person left the company) is counted, not named.
    return request.title if request.pk in visible else _("(열람 권한이 끝난 요청)")


def export(user: Any) -> list[Section]:
    visible = set(requests_visible_to(user).values_list("pk", flat=True))
    requests = SourcingRequest.objects.filter(created_by=user).select_related("buyer").order_by("created_at")
    quotes = Quote.objects.filter(submitted_by=user).select_related(
        "invitation__request", "invitation__supplier"
    )
    invited = Invitation.objects.filter(invited_by=user).count()
    return [
        Section(
            key="sourcing",
            title=_("견적 요청과 견적"),
            rows=[
                Row(
                    field=_("견적 요청: %(title)s") % {"title": _title(request, visible)},
                    value=request.get_status_display(),
                )
                for request in requests
            ]
            + [
                Row(
                    field=_("제출한 견적: %(title)s") % {"title": _title(quote.invitation.request, visible)},
                    value=_("%(supplier)s · %(price)s원")
                    % {"supplier": quote.invitation.supplier.name, "price": f"{quote.price_krw:,}"}
                    if quote.invitation.request_id in visible
                    else "",
                )
                for quote in quotes
            ]
            + ([Row(field=_("보낸 견적 초대"), value=str(invited))] if invited else []),
        )
    ]


def erase(user: Any) -> Erasure:
    done = Erasure()
    if (
        SourcingRequest.objects.filter(created_by=user).exists()
        or Quote.objects.filter(submitted_by=user).exists()
        or Invitation.objects.filter(invited_by=user).exists()
    ):
        done.kept.append(
            _(
                "견적 요청, 견적 초대, 견적과 선정 기록은 기업의 거래 기록으로 남고, "
                "작성한 사람은 '탈퇴한 사용자'로 표시합니다."
            )
        )
    return done


SOURCING = Provider(
    key="sourcing",
    models=("sourcing.SourcingRequest", "sourcing.Invitation", "sourcing.Quote"),
    export=export,
    erase=erase,
    order=30,
    keeps=(
        Kept(
            what=gettext_lazy(
                "작성한 견적 요청, 보낸 견적 초대, 제출한 견적과 선정 기록(작성자는 '탈퇴한 사용자')"
            ),
            why=gettext_lazy("기업 사이의 거래 기록으로, 상대 기업과 운영기관이 확인해야 하므로"),
            how_long=gettext_lazy("거래 기록의 보존 기간(기본 5년) 동안"),
        ),
    ),
)
