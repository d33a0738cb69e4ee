"""Tenure through the API: every hire a caller may see (tenure.selectors), the company's separations and
milestone confirmations — for hires from the jobs app as for incentive cases."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.tenure import selectors, services

router = Router(tags=["tenure"])


class MilestoneOut(Schema):
    milestone: str
    label: str
    day: date
    state: str = Field(..., description="upcoming | awaiting (확인 대기) | confirmed | lost (그 전 퇴사)")


class EmploymentOut(Schema):
    id: int
    company_id: int
    site_id: int | None
    complex: str | None
    hired_on: date
    separated_on: date | None
    separation_reason: str
    source: str
    milestones: list[MilestoneOut]


def _out(employment: Any) -> dict[str, Any]:
    return {
        "id": employment.pk,
        "company_id": employment.company_id,
        "site_id": employment.site_id,
        "complex": employment.complex.slug if employment.complex_id else None,
        "hired_on": employment.hired_on,
        "separated_on": employment.separated_on,
        "separation_reason": employment.separation_reason,
        "source": employment.source,
        "milestones": [row.__dict__ for row in selectors.milestones_of(employment)],
    }


def _visible(user: Any) -> Any:
    return selectors.employments_visible_to(user).select_related("complex").prefetch_related("confirmations")


@router.get(
    "/employments", response=list[EmploymentOut], auth=token_or_session, summary="재직(채용 뒤 근속) 목록"
)
def employments_list(request: HttpRequest, company_id: DbId | None = None) -> Any:
    rows = _visible(authenticated_user(request))
    if company_id is not None:
        rows = rows.filter(company_id=company_id)
    return [_out(e) for e in rows[:500]]


class SeparationIn(InputSchema):
    date: date
    reason: Literal["voluntary", "dismissal", "contract_end", "other"]


@router.post(
    "/employments/{employment_id}/separation",
    response={200: EmploymentOut, 404: ErrorOut},
    auth=token_or_session,
    summary="퇴사 기록(기업): 장려금 대상이면 이후 분할 지급이 멈춤",
)
def employments_separation(request: HttpRequest, employment_id: DbId, payload: SeparationIn) -> Any:
    user = authenticated_user(request)
    employment = get_object_or_404(_visible(user), pk=employment_id)
    services.employment_separate(
        actor=user, employment=employment, separated_on=payload.date, reason=payload.reason
    )
    return _out(get_object_or_404(_visible(user), pk=employment_id))


@router.post(
    "/employments/{employment_id}/milestones/{milestone}/confirm",
    response={200: EmploymentOut, 404: ErrorOut},
    auth=token_or_session,
    summary="근속 시점의 재직 확인(기업)",
)
def employments_milestone_confirm(
    request: HttpRequest, employment_id: DbId, milestone: Literal["100d", "3m", "6m", "12m", "18m", "24m"]
) -> Any:
    user = authenticated_user(request)
    employment = get_object_or_404(_visible(user), pk=employment_id)
    services.milestone_confirm(actor=user, employment=employment, milestone=milestone)
    return _out(get_object_or_404(_visible(user), pk=employment_id))
