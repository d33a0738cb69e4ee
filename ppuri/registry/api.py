from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import unknown_values
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, InputSchema, reject_null
from ppuri.core.concurrency import VERSION_PATTERN, EditConflict, conflict_json, version_from_if_match
from ppuri.reference.models import Material, Process, Sector
from ppuri.registry import selectors, services
from ppuri.registry.models import Capability, Organization

router = Router(tags=["registry"])
CLAIMED_HELP = (
    "소유권이 확인된 기업인지(운영기관이 승인한 관리자가 있음) / whether the company's listing is claimed:"
    " an operator approved someone of the company as its admin"
)
ROOT_INDUSTRY_HELP = (
    "뿌리산업 기업인지(KSIC 업종이나 생산품·공정 근거) / whether the company belongs to the root industries"
)


class SiteOut(Schema):
    id: int
    name: str
    complex: str | None = Field(None, alias="complex.slug")
    address: str
    district: str
    latitude: float | None
    longitude: float | None
    factory_number: str | None


class CapabilityOut(Schema):
    id: int
    process: str = Field(..., alias="process.slug")
    technology: str = Field(..., alias="process.technology.slug")
    materials: list[str]
    max_length_mm: int | None
    max_width_mm: int | None
    max_height_mm: int | None
    max_weight_kg: Decimal | None
    batch_band: str
    equipment: str
    notes: str
    source: str
    source_detail: str
    version: str  # send it back with a PATCH (or as If-Match) to be told when someone changed it since

    @staticmethod
    def resolve_materials(obj: Capability) -> list[str]:
        return [m.slug for m in obj.materials.all()]

    @staticmethod
    def resolve_version(obj: Capability) -> str:
        return services.capability_version(obj)


class CertificationHeldOut(Schema):
    certification: str = Field(..., alias="certification.slug")
    number: str
    issued_on: Any = None
    valid_until: Any = None
    verified: bool


class CompanySummaryOut(Schema):
    id: int
    name: str
    name_en: str
    complexes: list[str]
    technologies: list[str]
    products: str
    employees: int | None
    root_industry: bool = Field(..., alias="is_root_industry", description=ROOT_INDUSTRY_HELP)
    root_industry_reason: str = Field(..., alias="root_industry_reason_text")
    claimed: bool = Field(..., alias="is_claimed", description=CLAIMED_HELP)

    @staticmethod
    def resolve_complexes(obj: Organization) -> list[str]:
        return sorted({s.complex.slug for s in obj.sites.all() if s.complex})

    @staticmethod
    def resolve_technologies(obj: Organization) -> list[str]:
        return sorted({c.process.technology.slug for c in obj.capabilities.all()})


class CompanyOut(Schema):
    id: int
    kind: str
    name: str
    name_en: str
    description: str
    description_en: str
    products: str
    raw_materials: str
    ksic_main: str
    size: str
    employees: int | None
    founded_year: int | None
    website: str
    phone: str
    sectors: list[str]
    sites: list[SiteOut]
    capabilities: list[CapabilityOut]
    certifications: list[CertificationHeldOut]
    version: str  # of the profile fields and sectors; also the ETag
    root_industry: bool = Field(..., alias="is_root_industry", description=ROOT_INDUSTRY_HELP)
    root_industry_reason: str = Field(..., alias="root_industry_reason_text")
    claimed: bool = Field(..., alias="is_claimed", description=CLAIMED_HELP)

    @staticmethod
    def resolve_sectors(obj: Organization) -> list[str]:
        return [s.slug for s in obj.sectors.all()]

    @staticmethod
    def resolve_version(obj: Organization) -> str:
        return services.organization_version(obj)

    @staticmethod
    def resolve_sites(obj: Organization) -> list[Any]:
        return list(obj.sites.all())

    @staticmethod
    def resolve_capabilities(obj: Organization) -> list[Any]:
        return list(obj.capabilities.all())

    @staticmethod
    def resolve_certifications(obj: Organization) -> list[Any]:
        return list(obj.certifications.all())


class FacetValueOut(Schema):
    slug: str
    label: str
    count: int
    selected: bool


class CompanyPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[CompanySummaryOut]
    facets: dict[str, list[FacetValueOut]]
    root_industry_counts: dict[str, int] = Field(
        ..., description="뿌리산업 기업(true)과 그 밖의 기업(false) 수 / companies matching the other filters"
    )


class DirectoryQuery(PageParams):
    q: str = Field("", max_length=100)
    root_industry: Literal["true", "false", "any"] = Field(
        "true", description="뿌리산업 기업만(true, 기본), 그 밖의 기업만(false), 모두(any)"
    )
    complex: list[str] = Field(default_factory=list)
    technology: list[str] = Field(default_factory=list)
    process: list[str] = Field(default_factory=list)
    material: list[str] = Field(default_factory=list)
    certification: list[str] = Field(default_factory=list)
    sector: list[str] = Field(default_factory=list)


@router.get("/companies", response=CompanyPageOut, summary="Company directory with facet filters")
def company_list(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    filters = selectors.DirectoryFilters(
        q=query.q,
        root_industry=query.root_industry,
        **{facet: getattr(query, facet) for facet in selectors.FACETS},
    )
    result = selectors.directory_search(filters)
    items, meta = paginate(selectors.directory_page_prefetch(result.organizations), query)
    return {**meta, "results": items, "facets": result.facets, "root_industry_counts": result.root_industry}


@router.get("/companies/{company_id}", response=CompanyOut)
def company_detail(request: HttpRequest, company_id: DbId, response: HttpResponse) -> Organization:
    organization = selectors.organization_get_for_user(user=optional_user(request), pk=company_id)
    profile = selectors.organization_profile(organization=organization)
    response["ETag"] = f'"{services.organization_version(profile)}"'
    return profile


class EditConflictOut(Schema):
    """A 409: nothing was written; `changed` holds the fields changed since your version, with their
    values now, and `current_version` the version to send to overwrite them deliberately."""

    detail: str
    changed: dict[str, Any]
    current_version: str


def _expected_version(request: HttpRequest, body_version: str | None) -> str | None:
    """The version a PATCH was read at, from If-Match or the body's `version`; None when it names
    none (that client chose last-writer-wins)."""
    header = request.headers.get("If-Match")
    from_header = version_from_if_match(header) if header is not None else None
    if from_header is not None and body_version is not None and from_header != body_version:
        raise ValidationError({"version": [_("If-Match 헤더와 version이 서로 다른 버전을 가리킵니다.")]})
    return from_header if from_header is not None else body_version


class CompanyPatchIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    description_en: str | None = Field(None, max_length=10_000)
    products: str | None = Field(None, max_length=2_000)
    raw_materials: str | None = Field(None, max_length=2_000)
    ksic_main: str | None = Field(None, pattern=r"^(\d{5})?$")
    employees: int | None = Field(None, ge=0, le=1_000_000)
    founded_year: int | None = Field(None, ge=1900, le=2100)
    website: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=30)
    sectors: list[str] | None = None
    version: str | None = Field(None, pattern=VERSION_PATTERN)

    _not_null = field_validator(
        "name",
        "name_en",
        "description",
        "description_en",
        "products",
        "raw_materials",
        "ksic_main",
        "website",
        "phone",
        "sectors",
        mode="before",
    )(reject_null)


def _by_slugs(model: Any, slugs: list[str], field: str) -> list[Any]:
    objects = list(model.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {o.slug for o in objects})
    if missing:
        raise unknown_values(field, missing)
    return objects


@router.patch(
    "/companies/{company_id}", response={200: CompanyOut, 409: EditConflictOut}, auth=token_or_session
)
def company_update(
    request: HttpRequest, company_id: DbId, payload: CompanyPatchIn, response: HttpResponse
) -> Organization | Status[dict[str, Any]]:
    organization = selectors.organization_get_for_edit(user=authenticated_user(request), pk=company_id)
    values = payload.dict(exclude_unset=True)
    expected_version = _expected_version(request, values.pop("version", None))
    sectors = values.pop("sectors", None)
    try:
        services.organization_update(
            actor=authenticated_user(request),
            organization=organization,
            sectors=_by_slugs(Sector, sectors, "sectors") if sectors is not None else None,
            expected_version=expected_version,
            **values,
        )
    except EditConflict as conflict:
        return Status(409, conflict_json(conflict))
    profile = selectors.organization_profile(organization=organization)
    response["ETag"] = f'"{services.organization_version(profile)}"'
    return profile


# Envelopes up to 100 m and 1,000 t: larger values are typing errors that PostgreSQL's integer would refuse.
MAX_MM = 100_000
MAX_KG = Decimal("1000000")


class CapabilityIn(InputSchema):
    process: str = Field(..., max_length=80)
    materials: list[str] = Field(default_factory=list)
    max_length_mm: int | None = Field(None, ge=1, le=MAX_MM)
    max_width_mm: int | None = Field(None, ge=1, le=MAX_MM)
    max_height_mm: int | None = Field(None, ge=1, le=MAX_MM)
    max_weight_kg: Decimal | None = Field(None, ge=0, le=MAX_KG, max_digits=10, decimal_places=2)
    batch_band: str = ""
    equipment: str = Field("", max_length=2_000)
    notes: str = Field("", max_length=2_000)


class CapabilityPatchIn(InputSchema):
    materials: list[str] | None = None
    max_length_mm: int | None = Field(None, ge=1, le=MAX_MM)
    max_width_mm: int | None = Field(None, ge=1, le=MAX_MM)
    max_height_mm: int | None = Field(None, ge=1, le=MAX_MM)
    max_weight_kg: Decimal | None = Field(None, ge=0, le=MAX_KG, max_digits=10, decimal_places=2)
    batch_band: str | None = None
    equipment: str | None = Field(None, max_length=2_000)
    notes: str | None = Field(None, max_length=2_000)
    version: str | None = Field(None, pattern=VERSION_PATTERN)

    _not_null = field_validator("materials", "batch_band", "equipment", "notes", mode="before")(reject_null)


@router.post("/companies/{company_id}/capabilities", response={201: CapabilityOut}, auth=token_or_session)
def capability_create(request: HttpRequest, company_id: DbId, payload: CapabilityIn) -> Status[Capability]:
    organization = selectors.organization_get_for_edit(user=authenticated_user(request), pk=company_id)
    process = Process.objects.filter(slug=payload.process).first()
    if process is None:
        raise unknown_values("process", [payload.process])
    values = payload.dict(exclude={"process", "materials"})
    capability = services.capability_create(
        actor=authenticated_user(request),
        organization=organization,
        process=process,
        materials=_by_slugs(Material, payload.materials, "materials"),
        **values,
    )
    return Status(201, capability)


@router.patch(
    "/companies/{company_id}/capabilities/{capability_id}",
    response={200: CapabilityOut, 409: EditConflictOut},
    auth=token_or_session,
)
def capability_update(
    request: HttpRequest,
    company_id: DbId,
    capability_id: DbId,
    payload: CapabilityPatchIn,
    response: HttpResponse,
) -> Capability | Status[dict[str, Any]]:
    capability = selectors.capability_get_for_edit(
        user=authenticated_user(request),
        organization_pk=company_id,
        pk=capability_id,
    )
    values = payload.dict(exclude_unset=True)
    expected_version = _expected_version(request, values.pop("version", None))
    materials = values.pop("materials", None)
    try:
        services.capability_update(
            actor=authenticated_user(request),
            capability=capability,
            materials=_by_slugs(Material, materials, "materials") if materials is not None else None,
            expected_version=expected_version,
            **values,
        )
    except EditConflict as conflict:
        return Status(409, conflict_json(conflict))
    response["ETag"] = f'"{services.capability_version(capability)}"'
    return capability


@router.delete(
    "/companies/{company_id}/capabilities/{capability_id}", response={204: None}, auth=token_or_session
)
def capability_delete(request: HttpRequest, company_id: DbId, capability_id: DbId) -> Status[None]:
    capability = selectors.capability_get_for_edit(
        user=authenticated_user(request),
        organization_pk=company_id,
        pk=capability_id,
    )
    services.capability_delete(actor=authenticated_user(request), capability=capability)
    return Status(204, None)
