"""The investment pipeline through the API (issue 17's contract: GET/POST /api/v1/programs/leads). The
programme's staff only, like the pages: 401 without a token or session, 403 for any other role."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.lookups import by_slug, by_slugs, unknown_values
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.programs.models import Lead
from ppuri.programs.selectors import investment as selectors
from ppuri.programs.selectors.visibility import leads_visible_to
from ppuri.programs.selectors.visits import staff_people
from ppuri.programs.services import investment as services
from ppuri.programs.services.common import require_staff
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_visible_to

router = Router(tags=["programs"])

StageName = Literal["lead", "contact", "site_visit", "loi", "mou", "invested", "lost"]
OriginName = Literal["foreign", "domestic", "expansion"]
SectorName = Literal["robotics", "bio_health", "automotive", "aerospace", "it", "root", "other"]


class ProgramsLeadOut(Schema):
    id: int
    code_name: str
    investor_name: str = Field(..., description="대외비: 사업 담당자에게만 / confidential, the staff's only")
    origin: str
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    sector: str
    technologies: list[str] = Field(..., description="필요한 뿌리기술 slug")
    summary: str
    summary_en: str
    stage: str
    lost_reason: str
    investment_usd: int | None
    investment_krw: int | None
    jobs: int | None
    incentives_asked: str
    site_needs: str
    site_area_m2: int | None
    complex: str | None = Field(..., description="희망 단지 slug")
    organization_id: int | None = Field(..., description="기존 기업의 확장·이전일 때 그 기업")
    officer_id: int | None
    next_step: str
    next_step_on: date | None
    updated_at: datetime


class ProgramsLeadPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProgramsLeadOut]


class ProgramsLeadQuery(PageParams):
    stage: StageName | None = None


def lead_out(lead: Lead) -> dict[str, Any]:
    return {
        **{
            name: getattr(lead, name)
            for name in (
                "id",
                "code_name",
                "investor_name",
                "origin",
                "country",
                "sector",
                "summary",
                "summary_en",
                "stage",
                "lost_reason",
                "investment_usd",
                "investment_krw",
                "jobs",
                "incentives_asked",
                "site_needs",
                "site_area_m2",
                "organization_id",
                "officer_id",
                "next_step",
                "next_step_on",
                "updated_at",
            )
        },
        "technologies": [t.slug for t in lead.technologies.all()],
        "complex": lead.complex.slug if lead.complex else None,
    }


@router.get(
    "/programs/leads",
    response={200: ProgramsLeadPageOut, 403: ErrorOut},
    auth=token_or_session,
    summary="투자 유치 대상 목록(사업 담당자) / investment leads (programme staff)",
)
def leads_list(request: HttpRequest, query: Query[ProgramsLeadQuery]) -> Any:
    user = authenticated_user(request)
    selectors.require_pipeline_reader(user)
    leads = leads_visible_to(user).select_related("complex").prefetch_related("technologies")
    if query.stage:
        leads = leads.filter(stage=query.stage)
    items, meta = paginate(leads, query)
    return {**meta, "results": [lead_out(lead) for lead in items]}


class ProgramsLeadIn(InputSchema):
    code_name: str = Field(..., min_length=1, max_length=60)
    investor_name: str = Field("", max_length=200)
    origin: OriginName = "foreign"
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 (US, DE, JP …)")
    sector: SectorName = "other"
    technologies: list[str] = Field(default_factory=list, max_length=20, description="뿌리기술 slug")
    summary: str = Field("", max_length=10_000)
    summary_en: str = Field("", max_length=10_000)
    investment_usd: int | None = Field(None, ge=0, le=services.MAX_AMOUNT)
    investment_krw: int | None = Field(None, ge=0, le=services.MAX_AMOUNT)
    jobs: int | None = Field(None, ge=0, le=services.MAX_JOBS)
    incentives_asked: str = Field("", max_length=10_000)
    site_needs: str = Field("", max_length=10_000)
    site_area_m2: int | None = Field(None, ge=0, le=services.MAX_AREA_M2)
    complex: str | None = Field(None, description="희망 단지 slug (namdong, juan, bupyeong, seobu …)")
    organization_id: DbId | None = None
    officer_id: DbId | None = None
    next_step: str = Field("", max_length=300)
    next_step_on: date | None = None


@contextmanager
def api_field_names(renamed: dict[str, str]) -> Iterator[None]:
    """A service's refusal with the API's names for the fields it names (officer → officer_id)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({renamed.get(k, k): v for k, v in exc.error_dict.items()}) from exc


def row_by_id(rows: Any, field: str, pk: int | None) -> Any:
    if pk is None:
        return None
    found = rows.filter(pk=pk).first()
    if found is None:
        raise unknown_values(field, [pk])
    return found


@router.post(
    "/programs/leads",
    response={201: ProgramsLeadOut, 403: ErrorOut},
    auth=token_or_session,
    summary="투자 유치 대상 등록(사업 담당자) / add an investment lead (programme staff)",
)
def leads_create(request: HttpRequest, payload: ProgramsLeadIn) -> Any:
    user = authenticated_user(request)
    require_staff(user)
    companies = organizations_visible_to(user).filter(kind=Organization.Kind.COMPANY)
    with api_field_names({"organization": "organization_id", "officer": "officer_id"}):
        lead = services.lead_create(
            actor=user,
            data=services.LeadInput(
                code_name=payload.code_name,
                investor_name=payload.investor_name,
                origin=payload.origin,
                country=payload.country,
                sector=payload.sector,
                technologies=by_slugs(Technology, "technologies", payload.technologies),
                summary=payload.summary,
                summary_en=payload.summary_en,
                investment_usd=payload.investment_usd,
                investment_krw=payload.investment_krw,
                jobs=payload.jobs,
                incentives_asked=payload.incentives_asked,
                site_needs=payload.site_needs,
                site_area_m2=payload.site_area_m2,
                complex=by_slug(Complex, "complex", payload.complex),
                organization=row_by_id(companies, "organization_id", payload.organization_id),
                officer=row_by_id(staff_people(), "officer_id", payload.officer_id),
                next_step=payload.next_step,
                next_step_on=payload.next_step_on,
            ),
        )
    return Status(201, lead_out(lead))
