"""Experts: professional profiles for signed-in users; capacity, load and conflicts for operators."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.lookups import by_slug
from ppuri.api.pagination import paginate
from ppuri.api.schemas import DbId
from ppuri.challenges.api.rendering import (
    expert_out,
    experts,
)
from ppuri.challenges.api.schemas import (
    ExpertOut,
    ExpertPageOut,
    ExpertQuery,
)
from ppuri.reference.models import Technology

router = Router()


@router.get("/experts", response=ExpertPageOut, auth=token_or_session, summary="전문가 / experts")
def experts_list(request: HttpRequest, query: Query[ExpertQuery]) -> dict[str, Any]:
    user = authenticated_user(request)
    found = experts(user)
    if query.technology:
        found = found.filter(technologies=by_slug(Technology, "technology", query.technology))
    items, meta = paginate(found, query)
    return {**meta, "results": [expert_out(user, e) for e in items]}


@router.get("/experts/{expert_id}", response=ExpertOut, auth=token_or_session)
def experts_get(request: HttpRequest, expert_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    expert = experts(user).filter(pk=expert_id).first()
    if expert is None:
        raise Http404
    return expert_out(user, expert)
