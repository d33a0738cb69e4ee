"""Company visits through the API (issue 17's contract: GET/POST /api/v1/programs/visits).

GET: the programme's staff read every visit with its survey, notes and follow-ups; a member of a
visited company reads its own companies' visits with what the page shows it (the date, the summary
shared with the company, the follow-ups' titles and statuses; every other field is null). POST: the
staff only, creating the follow-ups as the page does and returning them."""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ppuri.accounts.roles import runs_programs
from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.programs.api.investment import api_field_names, row_by_id
from ppuri.programs.models import FollowUp, Visit
from ppuri.programs.selectors.visibility import follow_ups_visible_to, visits_visible_to
from ppuri.programs.selectors.visits import staff_people
from ppuri.programs.services import visits as services
from ppuri.programs.services.common import require_staff
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_visible_to

router = Router(tags=["programs"])

KindName = Literal["hiring", "technology", "expansion", "relocation", "supplier", "regulation"]
STAFF_ONLY = "사업 담당자에게만, 기업 담당자에게는 null / the staff's only, null for the company"


class ProgramsFollowUpOut(Schema):
    id: int
    title: str
    status: str
    kind: str | None = Field(..., description=STAFF_ONLY)
    owner_id: int | None = Field(..., description=STAFF_ONLY)
    due_on: date | None = Field(..., description=STAFF_ONLY)
    done_on: date | None = Field(..., description=STAFF_ONLY)
    result: str | None = Field(..., description=STAFF_ONLY)
    posting_id: int | None = Field(..., description="연결된 채용 공고 초안; " + STAFF_ONLY)
    challenge_id: int | None = Field(..., description="연결된 한계기술 과제; " + STAFF_ONLY)
    lead_id: int | None = Field(..., description="연결된 투자 유치 대상; " + STAFF_ONLY)


class ProgramsVisitSurveyOut(Schema):
    visitor_id: int | None
    met: str
    plan: str
    relocation_risk: str
    hiring_need: bool
    hiring_detail: str
    supplier_need: bool
    supplier_detail: str
    technology_problem: bool
    technology_detail: str
    regulation_issue: bool
    regulation_detail: str
    site_need: bool
    site_detail: str


class ProgramsVisitOut(Schema):
    id: int
    organization_id: int
    organization: str
    visited_on: date
    summary_for_company: str
    detail_visible: bool = Field(
        ..., description="false: 기업 담당자의 읽기(설문·메모 없음) / the company's view"
    )
    survey: ProgramsVisitSurveyOut | None = Field(..., description=STAFF_ONLY)
    notes: str | None = Field(..., description="내부 메모; " + STAFF_ONLY)
    follow_ups: list[ProgramsFollowUpOut]
    created_at: datetime


class ProgramsVisitPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProgramsVisitOut]


class ProgramsVisitQuery(PageParams):
    organization_id: DbId | None = None


SURVEY_FIELDS = tuple(name for name in ProgramsVisitSurveyOut.model_fields if name != "visitor_id")


def _follow_up_out(follow_up: FollowUp, staff: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": follow_up.pk, "title": follow_up.title, "status": follow_up.status}
    for name in ("kind", "owner_id", "due_on", "done_on", "result", "posting_id", "challenge_id", "lead_id"):
        out[name] = getattr(follow_up, name) if staff else None
    return out


def visit_out(visit: Visit, staff: bool) -> dict[str, Any]:
    """The visit as this viewer may read it (the same fields as selectors.visits.visit_view_for)."""
    return {
        "id": visit.pk,
        "organization_id": visit.organization_id,
        "organization": visit.organization.display_name,
        "visited_on": visit.visited_on,
        "summary_for_company": visit.summary_for_company,
        "detail_visible": staff,
        "survey": {"visitor_id": visit.visitor_id, **{n: getattr(visit, n) for n in SURVEY_FIELDS}}
        if staff
        else None,
        "notes": visit.notes if staff else None,
        "follow_ups": [_follow_up_out(f, staff) for f in visit.follow_ups.all()],
        "created_at": visit.created_at,
    }


def _visits(user: Any) -> Any:
    follow_ups = follow_ups_visible_to(user).order_by("due_on", "pk")
    return (
        visits_visible_to(user)
        .select_related("organization")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
    )


@router.get(
    "/programs/visits",
    response=ProgramsVisitPageOut,
    auth=token_or_session,
    summary="기업 방문 목록(사업 담당자: 전체, 기업 담당자: 자기 기업) / company visits",
)
def visits_list(request: HttpRequest, query: Query[ProgramsVisitQuery]) -> Any:
    user = authenticated_user(request)
    visits = _visits(user)
    if query.organization_id is not None:
        visits = visits.filter(organization_id=query.organization_id)
    items, meta = paginate(visits, query)
    staff = runs_programs(user)
    return {**meta, "results": [visit_out(v, staff) for v in items]}


class ProgramsFollowUpIn(InputSchema):
    """An owner or due date other than the defaults for the follow-up of one red flag."""

    kind: KindName
    owner_id: DbId | None = Field(None, description="비우면 방문자 / the visitor when left out")
    due_on: date | None = Field(None, description="비우면 방문일 + 14일(이전 가능성 높음: + 7일)")


class ProgramsVisitIn(InputSchema):
    organization_id: DbId
    visited_on: date
    met: str = Field("", max_length=200)
    plan: Literal["expand", "stable", "downsize", "unknown"] = "unknown"
    relocation_risk: Literal["none", "low", "medium", "high"] = "none"
    hiring_need: bool = False
    hiring_detail: str = Field("", max_length=300)
    supplier_need: bool = False
    supplier_detail: str = Field("", max_length=300)
    technology_problem: bool = False
    technology_detail: str = Field("", max_length=300)
    regulation_issue: bool = False
    regulation_detail: str = Field("", max_length=300)
    site_need: bool = False
    site_detail: str = Field("", max_length=300)
    notes: str = Field("", max_length=10_000)
    summary_for_company: str = Field("", max_length=10_000)
    follow_ups: list[ProgramsFollowUpIn] = Field(default_factory=list, max_length=6)


def _choices(user: Any, payload: ProgramsVisitIn) -> tuple[dict[str, Any], dict[str, date]]:
    owners: dict[str, Any] = {}
    due_dates: dict[str, date] = {}
    seen: set[str] = set()
    for choice in payload.follow_ups:
        if choice.kind in seen:
            raise ValidationError({"follow_ups": [f"{choice.kind}: 한 번만 보내세요 / sent twice"]})
        seen.add(choice.kind)
        if choice.owner_id is not None:
            owners[choice.kind] = row_by_id(
                staff_people(), f"follow_ups.{choice.kind}.owner_id", choice.owner_id
            )
        if choice.due_on is not None:
            due_dates[choice.kind] = choice.due_on
    return owners, due_dates


@router.post(
    "/programs/visits",
    response={201: ProgramsVisitOut, 403: ErrorOut},
    auth=token_or_session,
    summary="기업 방문 기록과 후속 조치 생성(사업 담당자) / log a visit and its follow-ups",
)
def visits_create(request: HttpRequest, payload: ProgramsVisitIn) -> Any:
    user = authenticated_user(request)
    require_staff(user)
    companies = organizations_visible_to(user).filter(kind=Organization.Kind.COMPANY)
    organization = row_by_id(companies, "organization_id", payload.organization_id)
    owners, due_dates = _choices(user, payload)
    renamed = {"organization": "organization_id"}
    for kind in FollowUp.Kind.values:
        renamed[f"owner_{kind}"] = f"follow_ups.{kind}.owner_id"
        renamed[f"due_{kind}"] = f"follow_ups.{kind}.due_on"
    fields = payload.model_dump(exclude={"organization_id", "follow_ups"})
    with api_field_names(renamed):
        visit = services.visit_log(
            actor=user,
            data=services.VisitInput(organization=organization, owners=owners, due_dates=due_dates, **fields),
        )
    return Status(201, visit_out(_visits(user).get(pk=visit.pk), staff=True))
