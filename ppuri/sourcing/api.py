"""Sourcing API: the stateless match (anonymous callers too: public profile data only), and the
round — requests, invitations, quotes — for signed-in callers."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.lookups import by_slugs, unknown_values
from ppuri.api.schemas import BIGINT_MAX, DbId, InputSchema
from ppuri.core.access import Action, Kind, access_record
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_of
from ppuri.sourcing import selectors, services
from ppuri.sourcing.matching import Candidate, MatchResult, PartSpec, match
from ppuri.sourcing.models import Invitation, RequestStep, SourcingRequest

router = Router(tags=["sourcing"])

# A part up to 100 m and 1,000 t, as the registry's capability envelopes: larger values are typing errors
# that the request's columns (PostgreSQL integer, numeric(10, 2)) would refuse.
MAX_MM = 100_000
MAX_KG = Decimal("1000000")


class MatchIn(InputSchema):
    title: str = Field("", max_length=200)
    description: str = Field("", max_length=5_000)
    material: str | None = Field(None, description="소재 slug (aluminum …) 또는 규격 기호 (A356, SCM415 …)")
    processes: list[str] = Field(
        default_factory=list, max_length=10, description="공정 slug, 순서대로; 비우면 설명에서 추론"
    )
    quantity: int = Field(1, ge=1, le=10**9)
    certifications: list[str] = Field(default_factory=list, max_length=10)
    sector: str | None = None
    complexes: list[str] = Field(default_factory=list, max_length=4)
    deadline: date | None = None
    length_mm: int | None = Field(None, ge=1, le=MAX_MM)
    width_mm: int | None = Field(None, ge=1, le=MAX_MM)
    height_mm: int | None = Field(None, ge=1, le=MAX_MM)
    weight_kg: Decimal | None = Field(None, ge=0, le=MAX_KG, max_digits=10, decimal_places=2)


class SupplierOut(Schema):
    company_id: int
    name: str
    name_en: str = Field(..., description="영문 이름(없으면 빈 값) / English name, or empty")
    url: str
    score: float
    reasons: list[str]
    explanation: str
    place: str


class ChainStepOut(Schema):
    process: str
    company_id: int
    name: str
    name_en: str
    km_from_previous: float | None
    latitude: float | None
    longitude: float | None


class ChainOut(Schema):
    score: float
    total_distance_km: float
    steps: list[ChainStepOut]


class MatchOut(Schema):
    processes: list[str]
    inferred: dict[str, str] = Field(..., description="설명에서 추론한 공정과 그 근거 낱말")
    suppliers: dict[str, list[SupplierOut]]
    chains: list[ChainOut]


def _one(model: Any, field_name: str, value: str) -> Any:
    try:
        return model.objects.get(slug=value)
    except model.DoesNotExist:
        raise unknown_values(field_name, [value]) from None


def material_by_name(value: str) -> Material | None:
    """A material by slug or by one of its designations (A356 → aluminum, SCM415 → alloy steel)."""
    found = Material.objects.filter(slug=value).first()
    if found:
        return found
    wanted = value.replace(" ", "").replace("-", "").upper()
    for material in Material.objects.all():
        codes = {str(code).replace(" ", "").replace("-", "").upper() for code in material.designations}
        if wanted in codes or any(wanted.startswith(code) for code in codes if len(code) >= 3):
            return material
    return None


def part_spec(payload: MatchIn, *, exclude: tuple[int, ...] = ()) -> PartSpec:
    material = None
    if payload.material:
        material = material_by_name(payload.material)
        if material is None:
            raise unknown_values("material", [payload.material])
    return PartSpec(
        title=payload.title,
        description=payload.description,
        material=material,
        processes=tuple(by_slugs(Process, "processes", payload.processes)),
        quantity=payload.quantity,
        certifications=tuple(by_slugs(Certification, "certifications", payload.certifications)),
        sector=_one(Sector, "sector", payload.sector) if payload.sector else None,
        complexes=tuple(by_slugs(Complex, "complexes", payload.complexes)),
        deadline=payload.deadline,
        length_mm=payload.length_mm,
        width_mm=payload.width_mm,
        height_mm=payload.height_mm,
        weight_kg=payload.weight_kg,
        exclude=exclude,
    )


def _supplier(candidate: Candidate) -> dict[str, Any]:
    return {
        "company_id": candidate.organization_id,
        "name": candidate.name,
        "name_en": candidate.name_en,
        "url": candidate.url,
        "score": candidate.score,
        "reasons": candidate.reasons,
        "explanation": candidate.explanation,
        "place": candidate.place,
    }


def match_out(result: MatchResult) -> dict[str, Any]:
    return {
        "processes": [process.slug for process in result.processes],
        "inferred": result.inferred,
        "suppliers": {slug: [_supplier(c) for c in found] for slug, found in result.suppliers.items()},
        "chains": [
            {
                "score": chain.score,
                "total_distance_km": chain.total_distance_km,
                "steps": [
                    {
                        "process": step.process.slug,
                        "company_id": step.candidate.organization_id,
                        "name": step.candidate.name,
                        "name_en": step.candidate.name_en,
                        "km_from_previous": step.km_from_previous,
                        "latitude": step.candidate.latitude,
                        "longitude": step.candidate.longitude,
                    }
                    for step in chain.steps
                ],
            }
            for chain in result.chains
        ],
    }


@router.post(
    "/sourcing/match",
    response=MatchOut,
    summary="부품 설명에서 공정별 공급기업과 공정 체인 / suppliers per step and whole process chains",
)
def sourcing_match(request: HttpRequest, payload: MatchIn) -> dict[str, Any]:
    return match_out(match(part_spec(payload)))


# Requests, invitations and quotes: signed-in callers (token or session), with the same visibility
# and permissions as the pages (sourcing.selectors, sourcing.services).


class RequestIn(MatchIn):
    title: str = Field(..., min_length=1, max_length=200)
    buyer_id: DbId | None = Field(None, description="요청 기업(여러 기업의 회원일 때)")
    material_grade: str = Field("", max_length=40)
    tolerance: str = Field("", max_length=100)
    deadline: date = Field(...)  # type: ignore[assignment]
    visibility: str = Field("invited", pattern="^(invited|open)$")


class StepOut(Schema):
    id: int
    position: int
    process: str = Field(..., alias="process.slug")
    source: str = Field(..., alias="reason", description="이 공정이 들어간 까닭 / why the step is there")


class RequestOut(Schema):
    id: int
    buyer_id: int
    buyer: str = Field(..., alias="buyer.name")
    buyer_en: str = Field(..., alias="buyer.name_en")
    title: str
    description: str
    material: str | None = Field(None, alias="material.slug")
    quantity: int
    deadline: date
    visibility: str
    status: str
    processes_confirmed: bool
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: SourcingRequest) -> list[RequestStep]:
        return list(obj.steps.select_related("process"))


class StepsIn(InputSchema):
    processes: list[str] = Field(..., min_length=1, max_length=10)


class InviteIn(InputSchema):
    supplier_id: DbId
    steps: list[DbId] = Field(..., min_length=1, description="단계 id / step ids")


class QuoteOut(Schema):
    id: int
    supplier_id: int = Field(..., alias="invitation.supplier_id")
    supplier: str = Field(..., alias="invitation.supplier.name")
    supplier_en: str = Field(..., alias="invitation.supplier.name_en")
    price_krw: int
    lead_time_days: int
    valid_until: date
    notes: str


class InvitationOut(Schema):
    id: int
    request_id: int
    supplier_id: int
    supplier: str = Field(..., alias="supplier.name")
    supplier_en: str = Field(..., alias="supplier.name_en")
    origin: str
    status: str
    decline_reason: str
    steps: list[int]

    @staticmethod
    def resolve_steps(obj: Invitation) -> list[int]:
        return [step.pk for step in obj.steps.all()]


class QuoteIn(InputSchema):
    supplier_id: DbId | None = Field(None, description="견적 기업(여러 기업의 회원일 때)")
    price_krw: int = Field(..., ge=1, le=BIGINT_MAX)
    lead_time_days: int = Field(..., ge=1, le=3650)
    valid_until: date
    notes: str = Field("", max_length=2_000)


class DeclineIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=300)


def _organization_of(user: Any, organization_id: int | None, *, not_pk: int | None = None) -> Organization:
    organizations = organizations_of(user)
    if not_pk is not None:
        organizations = organizations.exclude(pk=not_pk)
    if organization_id is not None:
        organizations = organizations.filter(pk=organization_id)
    found = organizations.first()
    if found is None:
        raise PermissionDenied
    return found


@router.get("/sourcing/requests", response=list[RequestOut], auth=token_or_session)
def requests_list(request: HttpRequest, role: str = "buyer") -> Any:
    """`role=buyer`: the requests of my companies; `role=supplier`: those sent to me or open to me."""
    user = authenticated_user(request)
    found = selectors.supplier_inbox(user) if role == "supplier" else selectors.requests_of_buyer(user)
    return found.select_related("material")[:200]


@router.post("/sourcing/requests", response={201: RequestOut}, auth=token_or_session)
def requests_create(request: HttpRequest, payload: RequestIn) -> Any:
    user = authenticated_user(request)
    buyer = _organization_of(user, payload.buyer_id)
    spec = part_spec(payload)
    created = services.request_create(
        actor=user,
        buyer=buyer,
        processes=list(spec.processes) or None,
        certifications=spec.certifications,
        complexes=spec.complexes,
        title=payload.title,
        description=payload.description,
        material=spec.material,
        material_grade=payload.material_grade,
        quantity=payload.quantity,
        length_mm=payload.length_mm,
        width_mm=payload.width_mm,
        height_mm=payload.height_mm,
        weight_kg=payload.weight_kg,
        tolerance=payload.tolerance,
        sector=spec.sector,
        deadline=payload.deadline,
        visibility=payload.visibility,
    )
    return Status(201, created)


@router.get("/sourcing/requests/{request_id}", response=RequestOut, auth=token_or_session)
def requests_get(request: HttpRequest, request_id: DbId) -> Any:
    return selectors.request_get_for_user(user=authenticated_user(request), pk=request_id)


@router.post("/sourcing/requests/{request_id}/steps", response=RequestOut, auth=token_or_session)
def requests_steps(request: HttpRequest, request_id: DbId, payload: StepsIn) -> Any:
    user = authenticated_user(request)
    found = selectors.request_get_for_user(user=user, pk=request_id)
    processes = by_slugs(Process, "processes", payload.processes)
    return services.request_steps_set(actor=user, request=found, processes=processes)


@router.post("/sourcing/requests/{request_id}/open", response=RequestOut, auth=token_or_session)
def requests_open(request: HttpRequest, request_id: DbId) -> Any:
    user = authenticated_user(request)
    return services.request_open(actor=user, request=selectors.request_get_for_user(user=user, pk=request_id))


@router.post("/sourcing/requests/{request_id}/cancel", response=RequestOut, auth=token_or_session)
def requests_cancel(request: HttpRequest, request_id: DbId) -> Any:
    user = authenticated_user(request)
    return services.request_cancel(
        actor=user, request=selectors.request_get_for_user(user=user, pk=request_id)
    )


@router.post("/sourcing/requests/{request_id}/close", response=RequestOut, auth=token_or_session)
def requests_close(request: HttpRequest, request_id: DbId) -> Any:
    user = authenticated_user(request)
    return services.request_close(
        actor=user, request=selectors.request_get_for_user(user=user, pk=request_id)
    )


@router.get("/sourcing/requests/{request_id}/match", response=MatchOut, auth=token_or_session)
def requests_match(request: HttpRequest, request_id: DbId) -> Any:
    user = authenticated_user(request)
    found = selectors.request_get_for_user(user=user, pk=request_id)
    if not selectors.is_buyer(user, found):
        raise Http404
    return match_out(match(selectors.request_spec(found)))


@router.get(
    "/sourcing/requests/{request_id}/invitations", response=list[InvitationOut], auth=token_or_session
)
def invitations_list(request: HttpRequest, request_id: DbId) -> Any:
    user = authenticated_user(request)
    return selectors.invitations_visible_to(user, selectors.request_get_for_user(user=user, pk=request_id))


@router.post(
    "/sourcing/requests/{request_id}/invitations", response={201: InvitationOut}, auth=token_or_session
)
def invitations_create(request: HttpRequest, request_id: DbId, payload: InviteIn) -> Any:
    user = authenticated_user(request)
    found = selectors.request_get_for_user(user=user, pk=request_id)
    if not selectors.is_buyer(user, found):
        raise Http404
    supplier = Organization.objects.filter(pk=payload.supplier_id).first()
    if supplier is None:
        raise unknown_values("supplier_id", [payload.supplier_id])
    steps = list(found.steps.filter(pk__in=payload.steps))
    if len(steps) != len(set(payload.steps)):
        raise ValidationError({"steps": [_("이 요청에 없는 단계입니다.")]})
    return Status(201, services.invitation_create(actor=user, request=found, supplier=supplier, steps=steps))


@router.get("/sourcing/requests/{request_id}/quotes", response=list[QuoteOut], auth=token_or_session)
def quotes_list(request: HttpRequest, request_id: DbId) -> Any:
    user = authenticated_user(request)
    found = selectors.request_get_for_user(user=user, pk=request_id)
    quotes = list(selectors.quotes_visible_to(user, found))
    if quotes and selectors.is_buyer(user, found):  # other suppliers' quotes: recorded, as on the page
        access_record(request=request, user=user, target=found, kind=Kind.QUOTE, action=Action.API_READ)
    return quotes


@router.post("/sourcing/requests/{request_id}/quotes", response={201: QuoteOut}, auth=token_or_session)
def quotes_submit(request: HttpRequest, request_id: DbId, payload: QuoteIn) -> Any:
    user = authenticated_user(request)
    found = selectors.request_get_for_user(user=user, pk=request_id)
    supplier = _organization_of(user, payload.supplier_id, not_pk=found.buyer_id)
    quote = services.quote_submit(
        actor=user,
        request=found,
        supplier=supplier,
        price_krw=payload.price_krw,
        lead_time_days=payload.lead_time_days,
        valid_until=payload.valid_until,
        notes=payload.notes,
    )
    return Status(201, quote)


@router.post("/sourcing/invitations/{invitation_id}/decline", response=InvitationOut, auth=token_or_session)
def invitations_decline(request: HttpRequest, invitation_id: DbId, payload: DeclineIn) -> Any:
    user = authenticated_user(request)
    invitation = selectors.invitation_get_for_supplier(user=user, pk=invitation_id)
    return services.invitation_decline(actor=user, invitation=invitation, reason=payload.reason)


@router.post("/sourcing/quotes/{quote_id}/award", response=QuoteOut, auth=token_or_session)
def quotes_award(request: HttpRequest, quote_id: DbId) -> Any:
    user = authenticated_user(request)
    return services.quote_award(actor=user, quote=selectors.quote_get_for_buyer(user=user, pk=quote_id))
