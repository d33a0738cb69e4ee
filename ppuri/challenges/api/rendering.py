"""What a caller sees of a challenge, an offer, an expert, a file: it depends on who they are."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from ppuri.api.auth import authenticated_user
from ppuri.challenges import selectors
from ppuri.challenges.models import Challenge, ChallengeAttachment, Expert, Offer
from ppuri.core.i18n import for_reader
from ppuri.core.permissions import is_operator


def slug(obj: Any) -> str | None:
    return obj.slug if obj is not None else None


def offer_out(user: Any, offer: Offer) -> dict[str, Any]:
    # The fit and its reasons carry the expert's load and capacity: operators and the expert only.
    own = offer.expert.user_id is not None and offer.expert.user_id == getattr(user, "pk", None)
    insider = own or is_operator(user)
    return {
        "id": offer.pk,
        "challenge_id": offer.challenge_id,
        "challenge": offer.challenge.title,
        "expert_id": offer.expert_id,
        "expert": offer.expert.name,
        "organization": offer.expert.organization.name,
        "organization_en": offer.expert.organization.name_en,
        "status": offer.status,
        "score": offer.score if insider else None,
        "reasons": for_reader(offer.reasons) if insider else None,
        "decline_reason": offer.decline_reason if insider else "",  # said to the operator, not the company
        "created_at": offer.created_at,
        "responded_at": offer.responded_at,
    }


def offers_with_names(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("challenge", "expert__organization")


def challenge_out(user: Any, challenge: Challenge) -> dict[str, Any]:
    party = selectors.is_party(user, challenge)
    out: dict[str, Any] = {
        "id": challenge.pk,
        "company_id": challenge.company_id,
        "company": challenge.company.name,
        "company_en": challenge.company.name_en,
        "title": challenge.title,
        "description": challenge.description,
        "technology": slug(challenge.technology),
        "process": slug(challenge.process),
        "material": slug(challenge.material),
        "defect": slug(challenge.defect),
        "suggestion": challenge.suggestion if is_operator(user) else None,
    }
    for name in (
        "urgency",
        "confidentiality",
        "status",
        "created_at",
        "triaged_at",
        "first_contact_at",
        "resolved_at",
        "closed_at",
    ):
        out[name] = getattr(challenge, name)
    # The result stays with the parties: a public case's outcome is published only as an article,
    # with the company's consent.
    for name in ("outcome", "resolution", "effect_metric", "effect_before", "effect_after"):
        out[name] = getattr(challenge, name) if party else None
    if party:
        out["rating"] = challenge.rating
        out["rating_comment"] = challenge.rating_comment
        out["publish_consent"] = challenge.publish_consent
        out["attachments"] = [
            {
                "id": a.pk,
                "name": a.name,
                "kind": a.kind,
                "size": a.size,
                "url": reverse("challenges:attachment", args=[challenge.pk, a.pk]),
                "download": f"/api/v1/challenges/{challenge.pk}/attachments/{a.pk}",
            }
            for a in challenge.attachments.all()
        ]
        out["offers"] = [offer_out(user, o) for o in offers_with_names(challenge.offers.all())]
        out["consultations"] = list(challenge.consultations.select_related("expert"))
    return out


def challenge_for(request: HttpRequest, challenge_id: int) -> tuple[Any, Challenge]:
    user = authenticated_user(request)
    return user, selectors.challenge_get_for_user(user=user, pk=challenge_id)


def summaries(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return challenges.select_related("company", "technology")


def experts(user: Any) -> QuerySet[Expert]:
    found = Expert.objects.select_related("organization").prefetch_related(
        "technologies", "processes", "materials", "defects"
    )
    if is_operator(user):
        active = Count("offers", filter=Q(offers__status__in=Offer.ACTIVE))
        found = found.prefetch_related("conflicts").annotate(load=active)
    return found


def expert_out(user: Any, expert: Expert) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": expert.pk,
        "name": expert.name,
        "organization_id": expert.organization_id,
        "organization": expert.organization.name,
        "organization_en": expert.organization.name_en,
        "department": expert.department,
        "title": expert.title,
        "technologies": [t.slug for t in expert.technologies.all()],
        "processes": [p.slug for p in expert.processes.all()],
        "materials": [m.slug for m in expert.materials.all()],
        "defects": [d.slug for d in expert.defects.all()],
        "keywords": expert.keywords,
        "languages": expert.languages,
        "bio": expert.bio,
    }
    if is_operator(user):
        out["available"] = expert.available
        out["capacity"] = expert.capacity
        out["load"] = expert.load  # type: ignore[attr-defined]  # annotated by experts
        out["conflicts"] = [{"id": o.pk, "name": o.name} for o in expert.conflicts.all()]
    return out


def attachment_out(challenge: Challenge, attachment: ChallengeAttachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "size": attachment.size,
        "download": f"/api/v1/challenges/{challenge.pk}/attachments/{attachment.pk}",
    }
