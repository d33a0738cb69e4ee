"""Challenges: posting, the operator's triage, routing and batch offers, consultations, results,
ratings and withdrawal."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Status

from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import by_slug, classification, unknown_values
from ppuri.api.pagination import paginate
from ppuri.api.schemas import DbId, ErrorOut
from ppuri.challenges import selectors, services
from ppuri.challenges.api.rendering import (
    challenge_for,
    challenge_out,
    offer_out,
    offers_with_names,
    summaries,
)
from ppuri.challenges.api.schemas import (
    BatchIn,
    BatchOut,
    ChallengeIn,
    ChallengeOut,
    ChallengePageOut,
    ChallengeQuery,
    ConsultationIn,
    ConsultationOut,
    ExpertFitOut,
    OfferOut,
    OffersIn,
    OverdueOut,
    RateIn,
    ResolveIn,
    TriageIn,
)
from ppuri.challenges.models import Consultation, Expert, Offer
from ppuri.challenges.routing import BATCH_CANDIDATES, PROPOSALS, rank_experts
from ppuri.core.access import Action
from ppuri.core.permissions import is_operator
from ppuri.reference.models import Technology
from ppuri.registry import selectors as registry_selectors
from ppuri.registry.models import Organization

router = Router()


@router.get("/challenges", response=ChallengePageOut, summary="볼 수 있는 한계기술 과제 / visible challenges")
def challenges_list(request: HttpRequest, query: Query[ChallengeQuery]) -> dict[str, Any]:
    """Anonymous callers see public challenges; signed-in callers also their company's, the ones
    offered to them, and operators every challenge."""
    found = selectors.challenges_visible_to(optional_user(request))
    if query.status:
        found = found.filter(status=query.status)
    if query.technology:
        found = found.filter(technology=by_slug(Technology, "technology", query.technology))
    items, meta = paginate(summaries(found), query)
    return {**meta, "results": items}


@router.post("/challenges", response={201: ChallengeOut}, auth=token_or_session)
def challenges_create(request: HttpRequest, payload: ChallengeIn) -> Any:
    user = authenticated_user(request)
    company = Organization.objects.filter(pk=payload.company_id).first()
    if company is None or not registry_selectors.organization_visible_to(user=user, organization=company):
        raise unknown_values("company_id", [payload.company_id])
    created = services.challenge_create(
        actor=user,
        company=company,
        title=payload.title,
        description=payload.description,
        **classification(payload),
        urgency=payload.urgency,
        confidentiality=payload.confidentiality,
    )
    return Status(201, challenge_out(user, created))


@router.get(
    "/challenges/overdue",
    response={200: OverdueOut, 403: ErrorOut},
    auth=token_or_session,
    summary="SLA를 넘긴 과제 / open challenges past each service-level clock (operators)",
)
def challenges_overdue(request: HttpRequest) -> dict[str, Any]:
    if not is_operator(authenticated_user(request)):
        raise PermissionDenied
    lists = selectors.overdue()
    return {
        "sla_days": selectors.SLA_DAYS,
        **{name: summaries(found)[:200] for name, found in lists.items()},
    }


@router.post(
    "/challenges/batch-offers",
    response=BatchOut,
    auth=token_or_session,
    summary="분류 완료 과제 여러 건을 한 번에 배정 / route many triaged challenges at once (operators)",
)
def challenges_batch_offers(request: HttpRequest, payload: BatchIn) -> dict[str, Any]:
    user = authenticated_user(request)
    wanted = list(dict.fromkeys(payload.challenge_ids))
    found = (
        selectors.challenges_visible_to(user)
        .select_related("company", "technology", "process", "material", "defect")
        .in_bulk(wanted)
    )
    unknown = [pk for pk in wanted if pk not in found]
    if unknown:
        raise unknown_values("challenge_ids", unknown)
    cases = [found[pk] for pk in wanted]
    made = services.offers_assign_batch(actor=user, challenges=cases, per_case=payload.per_case)
    offers = {
        o.pk: o
        for o in offers_with_names(Offer.objects.filter(pk__in=[o.pk for m in made.values() for o in m]))
    }
    return {
        "assignment": [
            {"challenge_id": pk, "offers": [offer_out(user, offers[o.pk]) for o in made[pk]]}
            for pk in wanted
            if pk in made
        ],
        "skipped": [pk for pk in wanted if pk not in made],
    }


@router.get("/challenges/{challenge_id}", response=ChallengeOut)
def challenges_get(request: HttpRequest, challenge_id: DbId) -> dict[str, Any]:
    user = optional_user(request)
    challenge = selectors.challenge_get_for_user(user=user, pk=challenge_id)
    party = selectors.is_party(user, challenge)
    services.challenge_read_record(
        request=request, reader=user, challenge=challenge, party=party, action=Action.API_READ
    )
    return challenge_out(user, challenge)


@router.post("/challenges/{challenge_id}/triage", response=ChallengeOut, auth=token_or_session)
def challenges_triage(request: HttpRequest, challenge_id: DbId, payload: TriageIn) -> dict[str, Any]:
    user, challenge = challenge_for(request, challenge_id)
    triaged = services.challenge_triage(
        actor=user,
        challenge=challenge,
        **classification(payload),
    )
    return challenge_out(user, triaged)


@router.get(
    "/challenges/{challenge_id}/experts",
    response={200: list[ExpertFitOut], 403: ErrorOut},
    auth=token_or_session,
    summary="과제에 맞는 전문가와 그 이유 / the best-fitting eligible experts with reasons (operators)",
)
def challenges_experts(
    request: HttpRequest, challenge_id: DbId, limit: int = Query(PROPOSALS, ge=1, le=BATCH_CANDIDATES)
) -> list[dict[str, Any]]:
    user, challenge = challenge_for(request, challenge_id)
    if not is_operator(user):
        raise PermissionDenied
    return [
        {
            "expert_id": fit.expert.pk,
            "name": fit.expert.name,
            "organization": fit.expert.organization.name,
            "organization_en": fit.expert.organization.name_en,
            "score": fit.score,
            "reasons": fit.reasons,
            "parts": fit.parts,
        }
        for fit in rank_experts(challenge, limit=limit)
    ]


@router.post("/challenges/{challenge_id}/offers", response={201: list[OfferOut]}, auth=token_or_session)
def challenges_offer(request: HttpRequest, challenge_id: DbId, payload: OffersIn) -> Any:
    user, challenge = challenge_for(request, challenge_id)
    wanted = list(dict.fromkeys(payload.expert_ids))
    experts = Expert.objects.in_bulk(wanted)
    unknown = [pk for pk in wanted if pk not in experts]
    if unknown:
        raise unknown_values("expert_ids", unknown)
    made = services.offers_create(actor=user, challenge=challenge, experts=[experts[pk] for pk in wanted])
    offers = offers_with_names(Offer.objects.filter(pk__in=[o.pk for o in made]))
    return Status(201, [offer_out(user, o) for o in offers])


@router.post(
    "/challenges/{challenge_id}/consultations", response={201: ConsultationOut}, auth=token_or_session
)
def challenges_consult(request: HttpRequest, challenge_id: DbId, payload: ConsultationIn) -> Any:
    user, challenge = challenge_for(request, challenge_id)
    expert = None
    if payload.expert_id is not None:
        expert = Expert.objects.filter(pk=payload.expert_id).first()
        if expert is None:
            raise unknown_values("expert_id", [payload.expert_id])
    consultation = services.consultation_log(
        actor=user,
        challenge=challenge,
        held_on=payload.held_on,
        mode=payload.mode,
        hours=payload.hours,
        notes=payload.notes,
        expert=expert,
    )
    return Status(201, Consultation.objects.select_related("expert").get(pk=consultation.pk))


@router.post("/challenges/{challenge_id}/resolve", response=ChallengeOut, auth=token_or_session)
def challenges_resolve(request: HttpRequest, challenge_id: DbId, payload: ResolveIn) -> dict[str, Any]:
    user, challenge = challenge_for(request, challenge_id)
    resolved = services.challenge_resolve(
        actor=user,
        challenge=challenge,
        outcome=payload.outcome,
        resolution=payload.resolution,
        effect_metric=payload.effect_metric,
        effect_before=payload.effect_before,
        effect_after=payload.effect_after,
    )
    return challenge_out(user, resolved)


@router.post("/challenges/{challenge_id}/rate", response=ChallengeOut, auth=token_or_session)
def challenges_rate(request: HttpRequest, challenge_id: DbId, payload: RateIn) -> dict[str, Any]:
    user, challenge = challenge_for(request, challenge_id)
    rated = services.challenge_rate(
        actor=user,
        challenge=challenge,
        rating=payload.rating,
        comment=payload.comment,
        publish_consent=payload.publish_consent,
    )
    return challenge_out(user, rated)


@router.post("/challenges/{challenge_id}/withdraw", response=ChallengeOut, auth=token_or_session)
def challenges_withdraw(request: HttpRequest, challenge_id: DbId) -> dict[str, Any]:
    user, challenge = challenge_for(request, challenge_id)
    return challenge_out(user, services.challenge_withdraw(actor=user, challenge=challenge))
