"""Applications and their stages, and companies' invitations to apply. What a caller sees of an
applicant is talent.selectors.seeker_view_for's; each read of an applicant's details is recorded."""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.lookups import unknown_values
from ppuri.api.schemas import DbId, InputSchema
from ppuri.core.access import Action, Kind, access_record
from ppuri.registry.models import Site
from ppuri.talent import selectors, services
from ppuri.talent.models import Application, SeekerProfile

router = Router(tags=["talent"])
# --- applications -------------------------------------------------------------------------------------


class ApplyIn(InputSchema):
    message: str = Field("", max_length=2_000)
    consent: bool = Field(
        ..., description="연락처·프로필을 이 기업에 제공하는 데 동의(talent.notice.CONTACT): true여야 지원됨"
    )


class EventOut(Schema):
    stage: str
    stage_label: str
    at: Any
    comment: str


class ApplicationOut(Schema):
    id: int
    job_id: int
    job_title: str
    company: str
    seeker_id: int
    stage: str
    stage_label: str
    origin: str
    message: str
    applied_at: Any
    hired_on: date | None
    hire_site_id: int | None
    applicant: dict[str, Any] | None = Field(None, description="지원자 정보(기업·운영기관에게만)")
    events: list[EventOut]


class StageIn(InputSchema):
    stage: Literal["reviewing", "interview", "offer", "hired", "rejected"]
    comment: str = Field("", max_length=2_000)
    hired_on: date | None = Field(None, description="채용일 때 입사일")
    hire_site_id: DbId | None = Field(None, description="채용일 때 근무 사업장(없으면 공고의 사업장)")


def _application_row(application: Application) -> dict[str, Any]:
    """What lists show of an application: no message, no applicant details (each read of those is
    recorded, so a list would record every applicant at once)."""
    return {
        "id": application.pk,
        "job_id": application.job_id,
        "job_title": application.job.title,
        "company": application.job.company.name,
        "seeker_id": application.seeker_id,
        "stage": application.stage,
        "stage_label": application.get_stage_display(),
        "origin": application.origin,
        "message": "",
        "applied_at": application.created_at,
        "hired_on": application.hired_on,
        "hire_site_id": application.hire_site_id,
        "applicant": None,
        "events": [],
    }


def _application_out(request: HttpRequest, user: Any, application: Application) -> dict[str, Any]:
    """One application as this caller may read it: the applicant's details for the company (recorded)."""
    applicant = None
    if selectors.is_employer_side(user=user, application=application):
        profile = SeekerProfile.objects.filter(user=application.seeker).first()
        if profile is not None:
            applicant = selectors.seeker_view_for(user=user, profile=profile)
            access_record(
                request=request, target=profile, kind=Kind.SEEKER, action=Action.API_READ, user=user
            )
    return {
        **_application_row(application),
        "message": application.message,
        "applicant": applicant,
        "events": selectors.application_events_for(user=user, application=application),
    }


@router.post(
    "/jobs/{job_id}/applications", response={201: ApplicationOut}, auth=token_or_session, summary="입사 지원"
)
def applications_create(request: HttpRequest, job_id: DbId, payload: ApplyIn) -> Any:
    user = authenticated_user(request)
    job = selectors.job_get_for_user(user=user, pk=job_id)
    application = services.application_submit(
        actor=user, job=job, message=payload.message, consent=payload.consent
    )
    return Status(
        201, _application_out(request, user, selectors.application_get_for_user(user=user, pk=application.pk))
    )


@router.get(
    "/applications",
    response=list[ApplicationOut],
    auth=token_or_session,
    summary="내 지원 또는 우리 회사 공고의 지원",
)
def applications_list(request: HttpRequest, job_id: DbId | None = None) -> Any:
    user = authenticated_user(request)
    found = selectors.applications_visible_to(user).select_related("job__company", "seeker")
    if job_id is not None:
        found = found.filter(job_id=job_id)
    return [_application_row(a) for a in found.order_by("-created_at", "-id")[:200]]


@router.get("/applications/{application_id}", response=ApplicationOut, auth=token_or_session)
def applications_get(request: HttpRequest, application_id: DbId) -> Any:
    user = authenticated_user(request)
    return _application_out(request, user, selectors.application_get_for_user(user=user, pk=application_id))


@router.post(
    "/applications/{application_id}/stage",
    response=ApplicationOut,
    auth=token_or_session,
    summary="지원 단계 옮기기",
)
def applications_stage(request: HttpRequest, application_id: DbId, payload: StageIn) -> Any:
    user = authenticated_user(request)
    application = selectors.application_get_for_user(user=user, pk=application_id)
    hire_site = None
    if payload.hire_site_id is not None:
        # Named as the API names it, as the postings' site_id is: the company's own sites only.
        hire_site = Site.objects.filter(pk=payload.hire_site_id).first()
        if hire_site is None:
            raise unknown_values("hire_site_id", [payload.hire_site_id])
        if hire_site.organization_id != application.job.company_id:
            raise ValidationError({"hire_site_id": [_("이 기업의 사업장이 아닙니다.")]})
    services.application_stage(
        actor=user,
        application=application,
        stage=payload.stage,
        comment=payload.comment,
        hired_on=payload.hired_on,
        hire_site=hire_site,
    )
    return _application_out(request, user, selectors.application_get_for_user(user=user, pk=application_id))


@router.post(
    "/applications/{application_id}/withdraw",
    response=ApplicationOut,
    auth=token_or_session,
    summary="지원 취소",
)
def applications_withdraw(request: HttpRequest, application_id: DbId) -> Any:
    user = authenticated_user(request)
    services.application_withdraw(
        actor=user, application=selectors.application_get_for_user(user=user, pk=application_id)
    )
    return _application_out(request, user, selectors.application_get_for_user(user=user, pk=application_id))


# --- companies' invitations to apply -----------------------------------------------------------------


class InterestIn(InputSchema):
    seeker_id: DbId
    message: str = Field("", max_length=1_000)


class InterestOut(Schema):
    id: int
    job_id: int
    job_title: str = Field(..., alias="job.title")
    company: str = Field(..., alias="job.company.name")
    message: str
    status: str


class RespondIn(InputSchema):
    accept: bool
    consent: bool = Field(False, description="수락할 때 연락처·프로필을 이 기업에 제공하는 데 동의")


@router.post(
    "/jobs/{job_id}/interests",
    response={201: InterestOut},
    auth=token_or_session,
    summary="구직자에게 지원 제안",
)
def interests_create(request: HttpRequest, job_id: DbId, payload: InterestIn) -> Any:
    user = authenticated_user(request)
    job = selectors.job_get_for_edit(user=user, pk=job_id)
    interest = services.interest_send(
        actor=user, job=job, seeker_id=payload.seeker_id, message=payload.message
    )
    return Status(
        201, selectors.interests_visible_to(user).select_related("job__company").get(pk=interest.pk)
    )


@router.get(
    "/seekers/me/interests", response=list[InterestOut], auth=token_or_session, summary="받은 지원 제안"
)
def interests_mine(request: HttpRequest) -> Any:
    return selectors.interests_of_seeker(authenticated_user(request)).order_by("-created_at")[:200]


@router.post(
    "/interests/{interest_id}/respond",
    response=InterestOut,
    auth=token_or_session,
    summary="지원 제안에 답하기",
)
def interests_respond(request: HttpRequest, interest_id: DbId, payload: RespondIn) -> Any:
    user = authenticated_user(request)
    interest = selectors.interest_get_for_seeker(user=user, pk=interest_id)
    services.interest_respond(actor=user, interest=interest, accept=payload.accept, consent=payload.consent)
    return selectors.interest_get_for_seeker(user=user, pk=interest_id)
