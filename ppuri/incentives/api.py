"""The incentives' API (contract of issue 15): programmes with their ledger, companies' applications with
every rule's verdict, the labor office's decisions (409 with the reason when a cap or a rule stops
one), installments, separations, and retention curves. What a caller sees is incentives.selectors'."""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from ppuri.accounts import roles
from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import by_slugs, unknown_values
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.core.access import Action, Kind, access_record
from ppuri.incentives import selectors, services
from ppuri.incentives.models import (
    MAX_BUDGET,
    MAX_HEADCOUNT,
    MAX_INSTALLMENT,
    MAX_MONTHLY_WAGE,
    IncentiveApplication,
    Program,
)
from ppuri.reference.models import Complex
from ppuri.registry.models import Organization, Site
from ppuri.tenure.services import employment_separate

router = Router(tags=["incentives"])


# --- programmes ----------------------------------------------------------------------------------------


class InstallmentStepIn(InputSchema):
    month: int = Field(..., ge=1, le=60, description="근속 개월 / tenure month")
    amount: int = Field(..., ge=1, le=MAX_INSTALLMENT, description="원 / KRW")


class ProgramIn(InputSchema):
    name: str = Field(..., max_length=200)
    description: str = Field("", max_length=5_000)
    budget: int = Field(..., ge=1, le=MAX_BUDGET, description="예산(원)")
    headcount_cap: int = Field(..., ge=1, le=MAX_HEADCOUNT)
    per_company_cap: int = Field(..., ge=1, le=MAX_HEADCOUNT)
    per_root_company_cap: int = Field(..., ge=1, le=MAX_HEADCOUNT)
    age_min: int = Field(19, ge=0, le=120, description="입사일 기준 만 나이 하한(포함)")
    age_max: int = Field(39, ge=0, le=120, description="입사일 기준 만 나이 상한(포함)")
    hire_from: date
    hire_to: date
    min_employees: int = Field(5, ge=0, le=1_000_000)
    min_sales: int | None = Field(None, ge=0, le=10**15, description="최소 연 매출액(원)")
    complexes: list[str] = Field(
        default_factory=list, max_length=20, description="산업단지 slug; 비우면 인천 전역"
    )
    incheon_residence_required: bool = True
    root_company_required: bool = True
    full_time_required: bool = True
    min_contract_months: int = Field(12, ge=0, le=120)
    installments: list[InstallmentStepIn] = Field(..., min_length=1, max_length=24)


class LedgerOut(Schema):
    budget: int
    committed: int
    released: int
    approved: int
    paid: int
    recovered: int
    outstanding: int
    remaining: int
    headcount: int
    headcount_cap: int


class ForecastOut(Schema):
    expected_liability: int
    owed_if_all_stay: int
    remaining_budget: int
    expected_free: int
    more_people: int
    hires_in_curve: int


class ProgramOut(Schema):
    id: int
    name: str
    description: str
    budget: int
    headcount_cap: int
    per_company_cap: int
    per_root_company_cap: int
    age_min: int
    age_max: int
    hire_from: date
    hire_to: date
    min_employees: int
    min_sales: int | None
    complexes: list[str]
    incheon_residence_required: bool
    root_company_required: bool
    full_time_required: bool
    min_contract_months: int
    installments: list[dict[str, int]]
    amount_per_person: int
    accepting: bool
    ledger: LedgerOut | None = Field(
        ..., description="고용노동청·운영기관·인천시에게만 / labor office, operators, city"
    )
    forecast: ForecastOut | None = Field(..., description="원장과 같은 사람에게만")


def _program_out(
    program: Program, user: Any, observations: list[tuple[int, bool]] | None = None
) -> dict[str, Any]:
    fields = (
        "id", "name", "description", "budget", "headcount_cap", "per_company_cap", "per_root_company_cap",
        "age_min", "age_max", "hire_from", "hire_to", "min_employees", "min_sales",
        "incheon_residence_required", "root_company_required", "full_time_required", "min_contract_months",
        "amount_per_person", "accepting",
    )  # fmt: skip
    the_ledger = selectors.ledger(program) if roles.sees_programme_money(user) else None
    return {
        **{name: getattr(program, name) for name in fields},
        "complexes": [c.slug for c in program.complexes.all()],
        "installments": program.schedule,
        "ledger": the_ledger.__dict__ if the_ledger else None,
        "forecast": (
            selectors.forecast(program, the_ledger=the_ledger, observations=observations).__dict__
            if the_ledger
            else None
        ),
    }


@router.post(
    "/incentives/programs",
    response={201: ProgramOut},
    auth=token_or_session,
    summary="장려금 사업 만들기(운영기관)",
)
def programs_create(request: HttpRequest, payload: ProgramIn) -> Any:
    user = authenticated_user(request)
    program = services.program_create(
        actor=user,
        data=services.ProgramInput(
            **payload.dict(exclude={"complexes", "installments"}),
            complexes=by_slugs(Complex, "complexes", payload.complexes),
            installments=[step.dict() for step in payload.installments],
        ),
    )
    return Status(201, _program_out(program, user))


@router.get("/incentives/programs", response=list[ProgramOut], auth=optional_user, summary="장려금 사업 목록")
def programs_list(request: HttpRequest) -> Any:
    programs = selectors.programs_visible_to(request.user).prefetch_related("complexes")
    # One curve of every hire for all of them (each forecast would read every employment again).
    observations = selectors.hire_observations() if roles.sees_programme_money(request.user) else []
    return [_program_out(p, request.user, observations) for p in programs]


@router.get(
    "/incentives/programs/{program_id}",
    response={200: ProgramOut, 404: ErrorOut},
    auth=optional_user,
    summary="장려금 사업과 원장(예산·약정·승인·지급·해제·환수·잔액)",
)
def programs_get(request: HttpRequest, program_id: DbId) -> Any:
    program = get_object_or_404(selectors.programs_visible_to(request.user), pk=program_id)
    return _program_out(program, request.user)


# --- applications --------------------------------------------------------------------------------------


class PersonIn(InputSchema):
    name: str = Field(..., max_length=50)
    birth_year_month: str = Field(..., max_length=7, description="YYYY-MM (나이 요건 확인에만 씀)")
    incheon_resident: bool
    phone: str = Field(..., max_length=20)


class ApplicationIn(InputSchema):
    program_id: DbId
    company_id: DbId
    person: PersonIn
    hire_date: date
    site_id: DbId
    full_time: bool = Field(..., description="전일제(단시간 근로가 아님)")
    contract_months: int = Field(
        0, ge=0, le=120, description="기간제 계약의 기간(개월), 기간의 정함이 없으면 0"
    )
    wage: int = Field(..., ge=1, le=MAX_MONTHLY_WAGE, description="월 임금(원)")
    employees: int | None = Field(
        None, ge=0, le=1_000_000, description="상시 근로자 수; 없으면 기업 정보의 값"
    )
    annual_sales: int | None = Field(None, ge=0, le=10**15, description="연 매출액(원)")
    job_application_id: DbId | None = Field(None, description="채용 공고 지원에서 온 채용이면 그 지원")
    person_email: str = Field("", max_length=254, description="동의 링크를 보낼 전자우편(저장하지 않음)")


class CheckOut(Schema):
    rule: str
    passed: bool
    label: str
    detail: str


class InstallmentOut(Schema):
    id: int
    number: int
    month: int
    amount: int
    due_on: date
    status: str
    paid_on: date | None


class ApplicationOut(Schema):
    id: int
    program_id: int
    company_id: int
    site_id: int
    status: str
    status_label: str
    eligible: bool
    checks: list[CheckOut]
    person: dict[str, Any]
    hire_date: date
    full_time: bool
    contract_months: int
    wage: int
    queued_at: Any
    waitlist_position: int | None
    decision_reason: str
    case_id: int | None
    installments: list[InstallmentOut]
    separated_on: date | None
    consent_url: str | None = Field(None, description="작성 직후에만: 본인에게 전할 동의 링크")


def _application_out(
    application: IncentiveApplication, *, full: bool, consent_url: str | None = None
) -> dict[str, Any]:
    case = (
        getattr(application, "case", None)
        if application.status == IncentiveApplication.Status.APPROVED
        else None
    )
    return {
        "id": application.pk,
        "program_id": application.program_id,
        "company_id": application.company_id,
        "site_id": application.site_id,
        "status": application.status,
        "status_label": application.get_status_display(),
        "eligible": application.eligible,
        "checks": selectors.checks_explained(application),
        "person": selectors.person_view(application, full=full),
        "hire_date": application.hire_date,
        "full_time": application.full_time,
        "contract_months": application.contract_months,
        "wage": application.monthly_wage,
        "queued_at": application.queued_at,
        "waitlist_position": selectors.waitlist_position(application),
        "decision_reason": application.decision_reason,
        "case_id": case.pk if case is not None else None,
        "installments": list(case.installments.all()) if case is not None else [],
        "separated_on": case.employment.separated_on if case is not None else None,
        "consent_url": consent_url,
    }


@router.post(
    "/incentives/applications",
    response={201: ApplicationOut},
    auth=token_or_session,
    summary="장려금 신청(기업): 규칙마다 충족 여부와 함께",
)
def applications_create(request: HttpRequest, payload: ApplicationIn) -> Any:
    user = authenticated_user(request)
    program = Program.objects.filter(pk=payload.program_id).first()
    if program is None:
        raise unknown_values("program_id", [payload.program_id])
    company = Organization.objects.filter(pk=payload.company_id).first()
    if company is None:
        raise PermissionDenied
    services.applications.require_company_member(user, company.pk)
    job_application = None
    if payload.job_application_id is not None:
        from ppuri.talent.models import Application

        job_application = (
            Application.objects.select_related("job").filter(pk=payload.job_application_id).first()
        )
        if job_application is None:
            raise unknown_values("job_application_id", [payload.job_application_id])
    application, token = services.application_submit(
        actor=user,
        data=services.ApplicationInput(
            program=program,
            company=company,
            site=Site.objects.filter(pk=payload.site_id).first(),
            person=services.PersonInput(**payload.person.dict()),
            hire_date=payload.hire_date,
            full_time=payload.full_time,
            contract_months=payload.contract_months,
            wage=payload.wage,
            employees=payload.employees,
            annual_sales=payload.annual_sales,
            job_application=job_application,
            person_email=payload.person_email,
        ),
    )
    url = request.build_absolute_uri(reverse("incentives:consent", args=[token]))
    return Status(201, _application_out(application, full=True, consent_url=url))


@router.get(
    "/incentives/applications",
    response=list[ApplicationOut],
    auth=token_or_session,
    summary="장려금 신청 목록",
)
def applications_list(request: HttpRequest, program_id: DbId | None = None) -> Any:
    user = authenticated_user(request)
    rows = selectors.applications_visible_to(user).select_related("program", "case__employment")
    rows = rows.prefetch_related("case__installments")
    if program_id is not None:
        rows = rows.filter(program_id=program_id)
    return [_application_out(a, full=False) for a in rows[:500]]


@router.get(
    "/incentives/applications/{incentive_application_id}",
    response={200: ApplicationOut, 404: ErrorOut},
    auth=token_or_session,
    summary="장려금 신청 하나(열람은 기록됨)",
)
def applications_get(request: HttpRequest, incentive_application_id: DbId) -> Any:
    user = authenticated_user(request)
    application = selectors.application_get_for_user(user=user, pk=incentive_application_id)
    access_record(request=request, target=application, kind=Kind.INCENTIVE, action=Action.API_READ, user=user)
    return _application_out(application, full=True)


class RejectIn(InputSchema):
    reason: str = Field(..., max_length=2_000)


def _decide(request: HttpRequest, incentive_application_id: int, decide: Any) -> Any:
    user = authenticated_user(request)
    services.applications.require_reviewer(user)
    application = get_object_or_404(IncentiveApplication, pk=incentive_application_id)
    try:
        decided = decide(user, application)
    except services.Refused as refused:
        return Status(409, {"detail": refused.message})
    access_record(request=request, target=decided, kind=Kind.INCENTIVE, action=Action.API_READ, user=user)
    return _application_out(selectors.application_get_for_user(user=user, pk=decided.pk), full=True)


@router.post(
    "/incentives/applications/{incentive_application_id}/approve",
    response={200: ApplicationOut, 404: ErrorOut, 409: ErrorOut},
    auth=token_or_session,
    summary="승인(고용노동청): 한도나 요건에 걸리면 409와 사유",
)
def applications_approve(request: HttpRequest, incentive_application_id: DbId) -> Any:
    def approve(user: Any, application: IncentiveApplication) -> IncentiveApplication:
        return services.application_approve(actor=user, application=application)

    return _decide(request, incentive_application_id, approve)


@router.post(
    "/incentives/applications/{incentive_application_id}/reject",
    response={200: ApplicationOut, 404: ErrorOut, 409: ErrorOut},
    auth=token_or_session,
    summary="반려(고용노동청): 사유와 함께",
)
def applications_reject(request: HttpRequest, incentive_application_id: DbId, payload: RejectIn) -> Any:
    return _decide(
        request,
        incentive_application_id,
        lambda user, a: services.application_reject(actor=user, application=a, reason=payload.reason),
    )


@router.post(
    "/incentives/applications/{incentive_application_id}/evidence",
    response={201: dict[str, Any]},
    auth=token_or_session,
    summary="증빙 올리기(기업): 근로계약서, 4대보험 가입 확인, 재직 증빙",
)
def applications_evidence(
    request: HttpRequest,
    incentive_application_id: DbId,
    file: File[UploadedFile],
    document: Form[Literal["contract", "insurance", "employment", "other"]] = "other",
    installment_id: Form[DbId | None] = None,
) -> Any:
    user = authenticated_user(request)
    application = selectors.application_get_for_user(user=user, pk=incentive_application_id)
    installment = None
    if installment_id is not None:
        installment = get_object_or_404(selectors.installments_visible_to(user), pk=installment_id)
    evidence = services.evidence_add(
        actor=user, application=application, upload=file, document=document, installment=installment
    )
    return Status(201, {"id": evidence.pk, "document": evidence.document, "name": evidence.name})


# --- installments and separation -----------------------------------------------------------------------


# The four steps of an installment, one operation each: (path's last part, service, summary).
INSTALLMENT_STEPS = (
    ("confirm", services.installment_confirm, "재직 확인(기업): 그 회차의 재직 증빙을 먼저 올림"),
    ("approve", services.installment_approve, "지급 승인(고용노동청)"),
    ("pay", services.installment_pay, "지급 완료 기록(고용노동청)"),
    ("recovered", services.installment_recovered, "환수 완료 기록(고용노동청): 퇴사 뒤 지급분이 돌아옴"),
)


def _installment_operation(step: str, service: Any, summary: str) -> None:
    def operation(request: HttpRequest, installment_id: DbId) -> Any:
        user = authenticated_user(request)
        installment = get_object_or_404(
            selectors.installments_visible_to(user).select_related("case"), pk=installment_id
        )
        return service(actor=user, installment=installment)

    operation.__name__ = f"installments_{step}"  # the OpenAPI operation id
    router.post(
        f"/incentives/installments/{{installment_id}}/{step}",
        response=InstallmentOut,
        auth=token_or_session,
        summary=summary,
    )(operation)


for _step, _service, _summary in INSTALLMENT_STEPS:
    _installment_operation(_step, _service, _summary)


class SeparationIn(InputSchema):
    date: date
    reason: Literal["voluntary", "dismissal", "contract_end", "other"] = Field(
        ..., description="voluntary 자진 퇴사 | dismissal 해고 | contract_end 계약 만료 | other 기타"
    )


@router.post(
    "/incentives/cases/{case_id}/separation",
    response={200: ApplicationOut, 404: ErrorOut},
    auth=token_or_session,
    summary="퇴사 기록: 뒤의 분할 지급은 멈추고 약정이 해제됨",
)
def cases_separation(request: HttpRequest, case_id: DbId, payload: SeparationIn) -> Any:
    user = authenticated_user(request)
    case = selectors.case_get_for_user(user=user, pk=case_id)
    employment_separate(
        actor=user, employment=case.employment, separated_on=payload.date, reason=payload.reason
    )
    application = selectors.application_get_for_user(user=user, pk=case.application_id)
    access_record(request=request, target=application, kind=Kind.INCENTIVE, action=Action.API_READ, user=user)
    return _application_out(application, full=True)


# --- retention -----------------------------------------------------------------------------------------


class RetentionPointOut(Schema):
    months: int
    survival: float | None = Field(
        ..., description="재직 유지율(Kaplan–Meier); 관찰 5명 미만이면 비공개(null)"
    )
    at_risk: int | None = Field(..., description="그 시점에 관찰 중인 인원; 5 미만이면 비공개(null)")


class RetentionGroupOut(Schema):
    group: str
    label: str
    hires: int | None
    left: int | None
    points: list[RetentionPointOut]
    steps: list[dict[str, Any]]


class RetentionOut(Schema):
    by: str
    as_of: date
    suppressed_below: int | None
    groups: list[RetentionGroupOut]


@router.get("/retention", response=RetentionOut, auth=optional_user, summary="채용 뒤 재직 유지율(모든 채용)")
def retention_curves(
    request: HttpRequest, by: Query[Literal["complex", "technology", "incentive", "cohort", "all"]] = "all"
) -> Any:
    from ppuri.core import clock
    from ppuri.core.disclosure import SMALL_COUNT

    exact = roles.sees_small_counts(request.user)
    return {
        "by": by,
        "as_of": clock.today(),
        "suppressed_below": None if exact else SMALL_COUNT,
        "groups": selectors.retention_curves(by=by, exact=exact),
    }
