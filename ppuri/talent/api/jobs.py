"""Postings: public reads (open postings of public companies), company members' writes."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import by_slugs
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, InputSchema
from ppuri.reference.models import Complex, Process, Technology
from ppuri.registry.models import Organization, Site
from ppuri.talent import selectors, services
from ppuri.talent.api.lookups import EmploymentTypeIn, ShiftIn, Wage, qualifications_named
from ppuri.talent.models import MAX_MONTHLY_WAGE, JobPosting

router = Router(tags=["talent"])
# --- postings -----------------------------------------------------------------------------------------


class JobIn(InputSchema):
    company_id: DbId
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=10_000)
    technology: str = Field(..., description="뿌리기술 slug (welding …)")
    processes: list[str] = Field(default_factory=list, max_length=20, description="공정 slug")
    required_qualifications: list[str] = Field(
        default_factory=list, max_length=10, description="필수 자격: slug 또는 이름(이전 명칭도 됨)"
    )
    preferred_qualifications: list[str] = Field(default_factory=list, max_length=10, description="우대 자격")
    experience_years_min: int = Field(0, ge=0, le=40)
    employment_type: EmploymentTypeIn
    shift: ShiftIn
    wage_min: int = Wage
    wage_max: int = Wage
    site_id: DbId | None = Field(None, description="근무 사업장(이 기업의 사업장 id)")
    complex: str | None = Field(None, description="사업장이 없을 때 산업단지 slug")
    dormitory: bool = False
    commuter_bus: bool = False
    positions: int = Field(1, ge=1, le=999)
    closes_on: date | None = None


class JobOut(Schema):
    id: int
    company_id: int
    company: str = Field(..., alias="company.name")
    title: str
    description: str
    technology: str = Field(..., alias="technology.slug")
    processes: list[str]
    required_qualifications: list[str]
    preferred_qualifications: list[str]
    experience_years_min: int
    employment_type: str
    shift: str
    wage_min: int
    wage_max: int
    site_id: int | None
    complex: str | None = Field(None, alias="complex.slug")
    address: str
    dormitory: bool
    commuter_bus: bool
    positions: int
    closes_on: date | None
    status: str
    url: str

    @staticmethod
    def resolve_processes(obj: JobPosting) -> list[str]:
        return [p.slug for p in obj.processes.all()]

    @staticmethod
    def resolve_required_qualifications(obj: JobPosting) -> list[str]:
        return [q.slug for q in obj.required_qualifications.all()]

    @staticmethod
    def resolve_preferred_qualifications(obj: JobPosting) -> list[str]:
        return [q.slug for q in obj.preferred_qualifications.all()]

    @staticmethod
    def resolve_address(obj: JobPosting) -> str:
        return obj.site.address if obj.site_id and obj.site else ""

    @staticmethod
    def resolve_url(obj: JobPosting) -> str:
        return obj.get_absolute_url()


class JobPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[JobOut]


class CloseIn(InputSchema):
    filled: bool = Field(False, description="true: 채용 완료, false: 마감")


def _job_input(payload: JobIn, company: Organization) -> services.JobInput:
    site = None
    if payload.site_id is not None:
        site = Site.objects.filter(pk=payload.site_id, organization=company).select_related("complex").first()
        if site is None:
            raise ValidationError({"site_id": [_("이 기업의 사업장이 아닙니다.")]})
    technology = by_slugs(Technology, "technology", [payload.technology])[0]
    return services.JobInput(
        title=payload.title,
        description=payload.description,
        technology=technology,
        processes=by_slugs(Process, "processes", payload.processes),
        required_qualifications=qualifications_named(
            "required_qualifications", payload.required_qualifications
        ),
        preferred_qualifications=qualifications_named(
            "preferred_qualifications", payload.preferred_qualifications
        ),
        experience_years_min=payload.experience_years_min,
        employment_type=payload.employment_type,
        shift=payload.shift,
        wage_min=payload.wage_min,
        wage_max=payload.wage_max,
        site=site,
        complex=by_slugs(Complex, "complex", [payload.complex])[0] if payload.complex else None,
        dormitory=payload.dormitory,
        commuter_bus=payload.commuter_bus,
        positions=payload.positions,
        closes_on=payload.closes_on,
    )


def _job_loaded(pk: int, user: Any) -> JobPosting:
    return selectors.job_get_for_user(user=user, pk=pk)


@router.post("/jobs", response={201: JobOut}, auth=token_or_session, summary="채용 공고 작성(작성 중)")
def jobs_create(request: HttpRequest, payload: JobIn) -> Any:
    user = authenticated_user(request)
    company = Organization.objects.filter(pk=payload.company_id).first()
    if company is None or not (selectors.company_editable_by(user=user, company_id=company.pk)):
        raise PermissionDenied
    job = services.job_create(actor=user, company=company, data=_job_input(payload, company))
    return Status(201, _job_loaded(job.pk, user))


@router.put("/jobs/{job_id}", response=JobOut, auth=token_or_session, summary="채용 공고 고치기")
def jobs_update(request: HttpRequest, job_id: DbId, payload: JobIn) -> Any:
    user = authenticated_user(request)
    job = selectors.job_get_for_edit(user=user, pk=job_id)
    if payload.company_id != job.company_id:
        raise ValidationError({"company_id": [_("공고의 기업은 바꿀 수 없습니다.")]})
    services.job_update(actor=user, job=job, data=_job_input(payload, job.company))
    return _job_loaded(job.pk, user)


@router.post("/jobs/{job_id}/open", response=JobOut, auth=token_or_session, summary="채용 공고 게시")
def jobs_open(request: HttpRequest, job_id: DbId) -> Any:
    user = authenticated_user(request)
    services.job_open(actor=user, job=selectors.job_get_for_edit(user=user, pk=job_id))
    return _job_loaded(job_id, user)


@router.post("/jobs/{job_id}/close", response=JobOut, auth=token_or_session, summary="채용 공고 마감")
def jobs_close(request: HttpRequest, job_id: DbId, payload: CloseIn) -> Any:
    user = authenticated_user(request)
    services.job_close(
        actor=user, job=selectors.job_get_for_edit(user=user, pk=job_id), filled=payload.filled
    )
    return _job_loaded(job_id, user)


class JobFiltersIn(PageParams):
    technology: list[str] = Field(default_factory=list, max_length=20)
    process: list[str] = Field(default_factory=list, max_length=20)
    complex: list[str] = Field(default_factory=list, max_length=20)
    qualification: list[str] = Field(default_factory=list, max_length=20)
    shift: list[ShiftIn] = Field(default_factory=list)
    employment_type: list[EmploymentTypeIn] = Field(default_factory=list)
    wage_at_least: int | None = Field(
        None, ge=0, le=MAX_MONTHLY_WAGE, description="월 임금 상한이 이 금액 이상"
    )
    company_id: DbId | None = None


@router.get("/jobs", response=JobPageOut, summary="모집 중인 채용 공고 / open postings, with filters")
def jobs_list(request: HttpRequest, filters: Query[JobFiltersIn]) -> Any:
    qualifications = [q.slug for q in qualifications_named("qualification", filters.qualification)]
    found = selectors.job_filter(
        selectors.JobFilters(
            technology=filters.technology,
            process=filters.process,
            complex=filters.complex,
            qualification=qualifications,
            shift=list(filters.shift),
            employment_type=list(filters.employment_type),
            wage_at_least=filters.wage_at_least,
            company_id=filters.company_id,
        )
    )
    found = found.select_related("company", "technology", "complex", "site").prefetch_related(
        "processes", "required_qualifications", "preferred_qualifications"
    )
    items, page = paginate(found.order_by("-opened_at", "-id"), filters)
    return {**page, "results": items}


@router.get("/jobs/{job_id}", response=JobOut)
def jobs_get(request: HttpRequest, job_id: DbId) -> Any:
    return _job_loaded(job_id, optional_user(request))
