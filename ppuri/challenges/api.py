"""Limit-technology desk API (한계기술 자문): challenges, their triage and routing to experts, offers,
consultations, results and ratings, and the experts' professional profiles.

Visibility comes from challenges.selectors (404 for what the caller may not see), permissions and
states from challenges.services (403 for what the caller sees but may not do; 422 for a wrong state,
as everywhere else in this API). Challenges are posted as JSON like sourcing requests: files are
attached on the web form.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import by_slug, classification
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.challenges import selectors, services
from ppuri.challenges.models import Challenge, ChallengeAttachment, Consultation, Expert, Offer
from ppuri.challenges.routing import BATCH_CANDIDATES, PROPOSALS, rank_experts
from ppuri.core.access import Action
from ppuri.core.files import download
from ppuri.core.i18n import for_reader
from ppuri.core.permissions import is_operator
from ppuri.reference.models import Technology
from ppuri.registry import selectors as registry_selectors
from ppuri.registry.models import Organization

router = Router(tags=["challenges"])

ChallengeStatus = Literal["submitted", "triaged", "offered", "in_progress", "resolved", "closed", "withdrawn"]


def _slug(obj: Any) -> str | None:
    return obj.slug if obj is not None else None


# Schemas


class ChallengeSummaryOut(Schema):
    id: int
    company_id: int
    company: str = Field(..., alias="company.name")
    company_en: str = Field(
        ..., alias="company.name_en", description="영문 이름(없으면 빈 값) / English name, or empty"
    )
    title: str
    technology: str | None = Field(None, alias="technology.slug")
    urgency: str
    confidentiality: str
    status: str
    created_at: datetime


class ChallengePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ChallengeSummaryOut]


class ChallengeQuery(PageParams):
    status: ChallengeStatus | None = None
    technology: str | None = Field(None, max_length=80, description="뿌리기술 slug")


class OfferOut(Schema):
    id: int
    challenge_id: int
    challenge: str
    expert_id: int
    expert: str
    organization: str
    organization_en: str
    status: str
    score: float | None = Field(
        None, description="운영기관과 제안받은 전문가에게만 / operators and the expert"
    )
    reasons: list[str] | None = Field(None, description="운영기관과 제안받은 전문가에게만")
    decline_reason: str
    created_at: datetime
    responded_at: datetime | None


class OfferPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[OfferOut]


class ConsultationOut(Schema):
    id: int
    challenge_id: int
    expert_id: int
    expert: str = Field(..., alias="expert.name")
    held_on: date
    mode: str
    hours: Decimal
    notes: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str  # the web page's download (session)
    download: str  # the API's (token or session)


class ChallengeOut(Schema):
    id: int
    company_id: int
    company: str
    company_en: str
    title: str
    description: str
    technology: str | None
    process: str | None
    material: str | None
    defect: str | None
    urgency: str
    confidentiality: str
    status: str
    created_at: datetime
    triaged_at: datetime | None
    first_contact_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    outcome: str | None = Field(None, description="당사자에게만 / parties only")
    resolution: str | None = Field(None, description="당사자에게만 / parties only")
    effect_metric: str | None = None
    effect_before: Decimal | None = None
    effect_after: Decimal | None = None
    suggestion: dict[str, Any] | None = Field(
        None, description="자동 분류 제안과 근거: 운영기관에게만 / the classifier's proposal: operators only"
    )
    rating: int | None = Field(None, description="당사자에게만 / parties only")
    rating_comment: str | None = None
    publish_consent: bool | None = None
    attachments: list[AttachmentOut] | None = Field(None, description="당사자에게만 / parties only")
    offers: list[OfferOut] | None = Field(None, description="당사자에게만 / parties only")
    consultations: list[ConsultationOut] | None = Field(None, description="당사자에게만 / parties only")


class ChallengeIn(InputSchema):
    company_id: DbId = Field(..., description="과제를 내는 기업(회원인 기업)")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=20_000)
    technology: str | None = Field(None, max_length=80, description="뿌리기술 slug")
    process: str | None = Field(None, max_length=80, description="공정 slug")
    material: str | None = Field(None, max_length=80, description="소재 slug")
    defect: str | None = Field(None, max_length=80, description="결함 유형 slug")
    urgency: Literal["low", "normal", "high", "critical"] = "normal"
    confidentiality: Literal["confidential", "public"] = "confidential"


class TriageIn(InputSchema):
    technology: str = Field(..., min_length=1, max_length=80, description="뿌리기술 slug")
    process: str | None = Field(None, max_length=80)
    material: str | None = Field(None, max_length=80)
    defect: str | None = Field(None, max_length=80)


class ExpertFitOut(Schema):
    expert_id: int
    name: str
    organization: str
    organization_en: str
    score: float
    reasons: list[str]
    parts: dict[str, float]


class OffersIn(InputSchema):
    expert_ids: list[DbId] = Field(..., min_length=1, max_length=20)


class BatchIn(InputSchema):
    challenge_ids: list[DbId] = Field(..., min_length=1, max_length=500)
    per_case: int = Field(1, ge=1, le=PROPOSALS)


class BatchCaseOut(Schema):
    challenge_id: int
    offers: list[OfferOut]


class BatchOut(Schema):
    assignment: list[BatchCaseOut]
    skipped: list[int] = Field(..., description="분류 완료 상태가 아니라 건너뛴 과제 / not triaged, skipped")


class DeclineIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2_000)


class ConsultationIn(InputSchema):
    held_on: date
    mode: Literal["remote", "visit"]
    hours: Decimal = Field(..., ge=Decimal("0.5"), le=24, max_digits=4, decimal_places=1)
    notes: str = Field(..., min_length=1, max_length=20_000)
    expert_id: DbId | None = Field(None, description="운영기관이 대신 기록할 때: 과제를 맡은 전문가")


class ResolveIn(InputSchema):
    outcome: Literal["solved", "partly", "not_solved"]
    resolution: str = Field(..., min_length=1, max_length=20_000)
    effect_metric: Literal["", "defect_rate", "cost", "other"] = ""
    effect_before: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    effect_after: Decimal | None = Field(None, max_digits=14, decimal_places=2)


class RateIn(InputSchema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2_000)
    publish_consent: bool = False


class OverdueOut(Schema):
    sla_days: dict[str, int]
    triage: list[ChallengeSummaryOut]
    first_contact: list[ChallengeSummaryOut]
    resolution: list[ChallengeSummaryOut]


class OrganizationRefOut(Schema):
    id: int
    name: str


class ExpertOut(Schema):
    id: int
    name: str
    organization_id: int
    organization: str
    organization_en: str
    department: str
    title: str
    technologies: list[str]
    processes: list[str]
    materials: list[str]
    defects: list[str]
    keywords: list[str]
    languages: list[str]
    bio: str
    available: bool | None = Field(None, description="운영기관에게만 / operators only")
    capacity: int | None = Field(None, description="운영기관에게만 / operators only")
    load: int | None = Field(
        None, description="진행 중 사례 수: 운영기관에게만 / active cases: operators only"
    )
    conflicts: list[OrganizationRefOut] | None = Field(None, description="운영기관에게만 / operators only")


class ExpertPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ExpertOut]


class ExpertQuery(PageParams):
    technology: str | None = Field(None, max_length=80, description="뿌리기술 slug")


# Rendering: what a caller sees of a challenge, an offer, an expert depends on who they are.


def _offer_out(user: Any, offer: Offer) -> dict[str, Any]:
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


def _offers_with_names(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("challenge", "expert__organization")


def _challenge_out(user: Any, challenge: Challenge) -> dict[str, Any]:
    party = selectors.is_party(user, challenge)
    out: dict[str, Any] = {
        "id": challenge.pk,
        "company_id": challenge.company_id,
        "company": challenge.company.name,
        "company_en": challenge.company.name_en,
        "title": challenge.title,
        "description": challenge.description,
        "technology": _slug(challenge.technology),
        "process": _slug(challenge.process),
        "material": _slug(challenge.material),
        "defect": _slug(challenge.defect),
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
        out["offers"] = [_offer_out(user, o) for o in _offers_with_names(challenge.offers.all())]
        out["consultations"] = list(challenge.consultations.select_related("expert"))
    return out


def _challenge_for(request: HttpRequest, challenge_id: int) -> tuple[Any, Challenge]:
    user = authenticated_user(request)
    return user, selectors.challenge_get_for_user(user=user, pk=challenge_id)


def _summaries(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return challenges.select_related("company", "technology")


# Challenges


@router.get("/challenges", response=ChallengePageOut, summary="볼 수 있는 한계기술 과제 / visible challenges")
def challenges_list(request: HttpRequest, query: Query[ChallengeQuery]) -> dict[str, Any]:
    """Anonymous callers see public challenges; signed-in callers also their company's, the ones
    offered to them, and operators every challenge."""
    found = selectors.challenges_visible_to(optional_user(request))
    if query.status:
        found = found.filter(status=query.status)
    if query.technology:
        found = found.filter(technology=by_slug(Technology, "technology", query.technology))
    items, meta = paginate(_summaries(found), query)
    return {**meta, "results": items}


@router.post("/challenges", response={201: ChallengeOut}, auth=token_or_session)
def challenges_create(request: HttpRequest, payload: ChallengeIn) -> Any:
    user = authenticated_user(request)
    company = Organization.objects.filter(pk=payload.company_id).first()
    if company is None or not registry_selectors.organization_visible_to(user=user, organization=company):
        raise ValidationError({"company_id": [f"Unknown company: {payload.company_id}."]})
    created = services.challenge_create(
        actor=user,
        company=company,
        title=payload.title,
        description=payload.description,
        **classification(payload),
        urgency=payload.urgency,
        confidentiality=payload.confidentiality,
    )
    return Status(201, _challenge_out(user, created))


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
        **{name: _summaries(found)[:200] for name, found in lists.items()},
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
        raise ValidationError({"challenge_ids": [f"Unknown challenge: {', '.join(map(str, unknown))}."]})
    cases = [found[pk] for pk in wanted]
    made = services.offers_assign_batch(actor=user, challenges=cases, per_case=payload.per_case)
    offers = {
        o.pk: o
        for o in _offers_with_names(Offer.objects.filter(pk__in=[o.pk for m in made.values() for o in m]))
    }
    return {
        "assignment": [
            {"challenge_id": pk, "offers": [_offer_out(user, offers[o.pk]) for o in made[pk]]}
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
    return _challenge_out(user, challenge)


@router.post("/challenges/{challenge_id}/triage", response=ChallengeOut, auth=token_or_session)
def challenges_triage(request: HttpRequest, challenge_id: DbId, payload: TriageIn) -> dict[str, Any]:
    user, challenge = _challenge_for(request, challenge_id)
    triaged = services.challenge_triage(
        actor=user,
        challenge=challenge,
        **classification(payload),
    )
    return _challenge_out(user, triaged)


@router.get(
    "/challenges/{challenge_id}/experts",
    response={200: list[ExpertFitOut], 403: ErrorOut},
    auth=token_or_session,
    summary="과제에 맞는 전문가와 그 이유 / the best-fitting eligible experts with reasons (operators)",
)
def challenges_experts(
    request: HttpRequest, challenge_id: DbId, limit: int = Query(PROPOSALS, ge=1, le=BATCH_CANDIDATES)
) -> list[dict[str, Any]]:
    user, challenge = _challenge_for(request, challenge_id)
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
    user, challenge = _challenge_for(request, challenge_id)
    wanted = list(dict.fromkeys(payload.expert_ids))
    experts = Expert.objects.in_bulk(wanted)
    unknown = [pk for pk in wanted if pk not in experts]
    if unknown:
        raise ValidationError({"expert_ids": [f"Unknown expert: {', '.join(map(str, unknown))}."]})
    made = services.offers_create(actor=user, challenge=challenge, experts=[experts[pk] for pk in wanted])
    offers = _offers_with_names(Offer.objects.filter(pk__in=[o.pk for o in made]))
    return Status(201, [_offer_out(user, o) for o in offers])


@router.post(
    "/challenges/{challenge_id}/consultations", response={201: ConsultationOut}, auth=token_or_session
)
def challenges_consult(request: HttpRequest, challenge_id: DbId, payload: ConsultationIn) -> Any:
    user, challenge = _challenge_for(request, challenge_id)
    expert = None
    if payload.expert_id is not None:
        expert = Expert.objects.filter(pk=payload.expert_id).first()
        if expert is None:
            raise ValidationError({"expert_id": [f"Unknown expert: {payload.expert_id}."]})
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
    user, challenge = _challenge_for(request, challenge_id)
    resolved = services.challenge_resolve(
        actor=user,
        challenge=challenge,
        outcome=payload.outcome,
        resolution=payload.resolution,
        effect_metric=payload.effect_metric,
        effect_before=payload.effect_before,
        effect_after=payload.effect_after,
    )
    return _challenge_out(user, resolved)


@router.post("/challenges/{challenge_id}/rate", response=ChallengeOut, auth=token_or_session)
def challenges_rate(request: HttpRequest, challenge_id: DbId, payload: RateIn) -> dict[str, Any]:
    user, challenge = _challenge_for(request, challenge_id)
    rated = services.challenge_rate(
        actor=user,
        challenge=challenge,
        rating=payload.rating,
        comment=payload.comment,
        publish_consent=payload.publish_consent,
    )
    return _challenge_out(user, rated)


@router.post("/challenges/{challenge_id}/withdraw", response=ChallengeOut, auth=token_or_session)
def challenges_withdraw(request: HttpRequest, challenge_id: DbId) -> dict[str, Any]:
    user, challenge = _challenge_for(request, challenge_id)
    return _challenge_out(user, services.challenge_withdraw(actor=user, challenge=challenge))


# Offers: an expert's inbox and answers.


def _offer_for(user: Any, offer_id: int) -> Offer:
    return selectors.offer_get_for_user(user=user, pk=offer_id)


@router.get("/offers", response=OfferPageOut, auth=token_or_session, summary="내게 온 자문 요청 / my offers")
def offers_list(request: HttpRequest, query: Query[PageParams]) -> dict[str, Any]:
    user = authenticated_user(request)
    items, meta = paginate(_offers_with_names(selectors.expert_offers(user)), query)
    return {**meta, "results": [_offer_out(user, o) for o in items]}


@router.post("/offers/{offer_id}/accept", response=OfferOut, auth=token_or_session)
def offers_accept(request: HttpRequest, offer_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    accepted = services.offer_accept(actor=user, offer=_offer_for(user, offer_id))
    return _offer_out(user, _offers_with_names(Offer.objects.all()).get(pk=accepted.pk))


@router.post("/offers/{offer_id}/decline", response=OfferOut, auth=token_or_session)
def offers_decline(request: HttpRequest, offer_id: DbId, payload: DeclineIn) -> dict[str, Any]:
    user = authenticated_user(request)
    declined = services.offer_decline(actor=user, offer=_offer_for(user, offer_id), reason=payload.reason)
    return _offer_out(user, _offers_with_names(Offer.objects.all()).get(pk=declined.pk))


# Experts: professional profiles for signed-in users; capacity, load and conflicts for operators.


def _experts(user: Any) -> QuerySet[Expert]:
    found = Expert.objects.select_related("organization").prefetch_related(
        "technologies", "processes", "materials", "defects"
    )
    if is_operator(user):
        active = Count("offers", filter=Q(offers__status__in=Offer.ACTIVE))
        found = found.prefetch_related("conflicts").annotate(load=active)
    return found


def _expert_out(user: Any, expert: Expert) -> dict[str, Any]:
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
        out["load"] = expert.load  # type: ignore[attr-defined]  # annotated by _experts
        out["conflicts"] = [{"id": o.pk, "name": o.name} for o in expert.conflicts.all()]
    return out


@router.get("/experts", response=ExpertPageOut, auth=token_or_session, summary="전문가 / experts")
def experts_list(request: HttpRequest, query: Query[ExpertQuery]) -> dict[str, Any]:
    user = authenticated_user(request)
    found = _experts(user)
    if query.technology:
        found = found.filter(technologies=by_slug(Technology, "technology", query.technology))
    items, meta = paginate(found, query)
    return {**meta, "results": [_expert_out(user, e) for e in items]}


@router.get("/experts/{expert_id}", response=ExpertOut, auth=token_or_session)
def experts_get(request: HttpRequest, expert_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    expert = _experts(user).filter(pk=expert_id).first()
    if expert is None:
        raise Http404
    return _expert_out(user, expert)


class UploadedOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    download: str


def _attachment_out(challenge: Challenge, attachment: ChallengeAttachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "size": attachment.size,
        "download": f"/api/v1/challenges/{challenge.pk}/attachments/{attachment.pk}",
    }


@router.post(
    "/challenges/{challenge_id}/attachments",
    response={201: UploadedOut},
    auth=token_or_session,
    summary="과제 파일 올리기 / add a file (PDF, STEP, DXF, PNG, JPEG; multipart field `file`)",
)
def challenges_attach(request: HttpRequest, challenge_id: DbId, file: File[UploadedFile]) -> Status:
    user, challenge = _challenge_for(request, challenge_id)
    attachment = services.attachment_add(actor=user, challenge=challenge, upload=file)
    return Status(201, _attachment_out(challenge, attachment))


@router.get(
    "/challenges/{challenge_id}/attachments/{attachment_id}",
    auth=token_or_session,
    summary="과제 파일 내려받기 / download a file (the case's parties only)",
)
def challenges_attachment(request: HttpRequest, challenge_id: DbId, attachment_id: DbId) -> FileResponse:
    user, challenge = _challenge_for(request, challenge_id)
    if not selectors.is_party(user, challenge):
        raise Http404  # a public case's files stay with its parties
    found = ChallengeAttachment.objects.filter(pk=attachment_id, challenge=challenge).first()
    if found is None:
        raise Http404
    return download(request, found, user=user)
