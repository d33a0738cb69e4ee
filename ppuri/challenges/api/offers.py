"""Offers: an expert's inbox and answers."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId
from ppuri.challenges import selectors, services
from ppuri.challenges.api.rendering import (
    offer_out,
    offers_with_names,
)
from ppuri.challenges.api.schemas import (
    DeclineIn,
    OfferOut,
    OfferPageOut,
)
from ppuri.challenges.models import Offer

router = Router()


def _offer_for(user: Any, offer_id: int) -> Offer:
    return selectors.offer_get_for_user(user=user, pk=offer_id)


@router.get("/offers", response=OfferPageOut, auth=token_or_session, summary="내게 온 자문 요청 / my offers")
def offers_list(request: HttpRequest, query: Query[PageParams]) -> dict[str, Any]:
    user = authenticated_user(request)
    items, meta = paginate(offers_with_names(selectors.expert_offers(user)), query)
    return {**meta, "results": [offer_out(user, o) for o in items]}


@router.post("/offers/{offer_id}/accept", response=OfferOut, auth=token_or_session)
def offers_accept(request: HttpRequest, offer_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    accepted = services.offer_accept(actor=user, offer=_offer_for(user, offer_id))
    return offer_out(user, offers_with_names(Offer.objects.all()).get(pk=accepted.pk))


@router.post("/offers/{offer_id}/decline", response=OfferOut, auth=token_or_session)
def offers_decline(request: HttpRequest, offer_id: DbId, payload: DeclineIn) -> dict[str, Any]:
    user = authenticated_user(request)
    declined = services.offer_decline(actor=user, offer=_offer_for(user, offer_id), reason=payload.reason)
    return offer_out(user, offers_with_names(Offer.objects.all()).get(pk=declined.pk))
