"""The graduate school through the API (issue 16's contract): cohorts' figures and placement aggregates
for everyone (small counts suppressed but for the school), projects (list, propose), a student's interest
and the school's matches. Every row comes through graduate.selectors, every write through its services."""

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ppuri.accounts.roles import is_operator, runs_graduate_school
from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import by_slug, by_slugs
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.challenges.selectors import challenges_visible_to
from ppuri.core.disclosure import LEGEND
from ppuri.core.text import mask_name
from ppuri.graduate import selectors, services
from ppuri.graduate.matching import suggestions
from ppuri.graduate.models import Project
from ppuri.graduate.services.common import require_school
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_of

router = Router(tags=["graduate"])

SUPPRESSED = "null: 5 미만 비공개(대학원 담당자와 운영기관은 정확한 값)"


class GraduateCohortOut(Schema):
    year: int
    target: int
    enrolled: int | None = Field(..., description="입학한 학생(재학·논문·졸업·제적 합계); " + SUPPRESSED)
    studying: int | None
    graduated: int | None
    withdrawn: int | None
    placed: int | None = Field(..., description="최근 진로 조사에서 취업한 졸업생")


@router.get(
    "/graduate/cohorts", response=list[GraduateCohortOut], auth=optional_user, summary="기수별 목표와 학생 수"
)
def cohorts_list(request: HttpRequest) -> Any:
    return [f.__dict__ for f in selectors.cohort_figures(optional_user(request))]


class GraduateProjectOut(Schema):
    id: int
    title: str
    summary: str
    company_id: int
    company: str
    status: str
    confidentiality: str
    technology: str | None
    processes: list[str]
    challenge_id: int | None = Field(..., description="출발한 한계기술 과제(그 과제를 볼 수 있는 사람에게만)")
    details_visible: bool = Field(..., description="false: 비밀유지 동의 전이라 아래 세 항목을 비움")
    problem: str
    data_shared: str
    mentor: str
    students: list[str] = Field(..., description="배정된 학생의 이름, 가려서(과제를 낸 기업과 학교에게만)")


@dataclass(frozen=True)
class _Viewer:
    """What decides a project's fields for one caller, read once for a whole list."""

    companies: set[int]
    school: bool
    detailed: set[int]
    cases: set[int]


def _viewer(user: Any, projects: list[Project]) -> _Viewer:
    wanted = {p.challenge_id for p in projects if p.challenge_id}
    return _Viewer(
        companies=set(organizations_of(user).values_list("pk", flat=True)),
        school=runs_graduate_school(user),
        detailed=selectors.projects_with_details(user, projects),
        cases=set(challenges_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True)),
    )


def _project_out(project: Project, viewer: _Viewer) -> dict[str, Any]:
    shown = project.pk in viewer.detailed
    see_students = viewer.school or project.company_id in viewer.companies
    return {
        "id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "company_id": project.company_id,
        "company": project.company.display_name,
        "status": project.status,
        "confidentiality": project.confidentiality,
        "technology": project.technology.slug if project.technology else None,
        "processes": [p.slug for p in project.processes.all()],
        "challenge_id": project.challenge_id if project.challenge_id in viewer.cases else None,
        "details_visible": shown,
        "problem": project.problem if shown else "",
        "data_shared": project.data_shared if shown else "",
        "mentor": " ".join(filter(None, [project.mentor_name, project.mentor_title])) if shown else "",
        "students": [mask_name(m.student.name) for m in project.matches.all()] if see_students else [],
    }


def _projects(user: Any) -> Any:
    return (
        selectors.projects_visible_to(user)
        .select_related("company", "technology")
        .prefetch_related("processes", "matches__student")
    )


@router.get(
    "/graduate/projects",
    response=list[GraduateProjectOut],
    auth=optional_user,
    summary="대학원 연계 과제 목록",
)
def projects_list(
    request: HttpRequest,
    status: Literal["proposed", "published", "matched", "done", "withdrawn"] | None = None,
    company_id: DbId | None = None,
) -> Any:
    user = optional_user(request)
    rows = _projects(user)
    if status:
        rows = rows.filter(status=status)
    if company_id is not None:
        rows = rows.filter(company_id=company_id)
    projects = list(rows[:500])
    viewer = _viewer(user, projects)
    return [_project_out(p, viewer) for p in projects]


class GraduateProjectIn(InputSchema):
    company_id: DbId
    title: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=300, description="비밀유지 동의 전에도 보이는 요약")
    problem: str = Field(..., max_length=10000)
    data_shared: str = Field("", max_length=5000)
    confidentiality: Literal["public", "nda"] = "public"
    technology: str | None = Field(None, description="뿌리기술 slug(casting, mold, …)")
    processes: list[str] = Field(default_factory=list, max_length=20)
    mentor_name: str = Field(..., max_length=100)
    mentor_title: str = Field("", max_length=100)
    challenge_id: DbId | None = Field(None, description="이 기업의 한계기술 과제에서 출발할 때")


@router.post(
    "/graduate/projects",
    response={201: GraduateProjectOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_or_session,
    summary="대학원 연계 과제 제안(기업)",
)
def projects_create(request: HttpRequest, payload: GraduateProjectIn) -> Any:
    user = authenticated_user(request)
    companies = Organization.objects.all() if is_operator(user) else organizations_of(user)
    company = get_object_or_404(companies, pk=payload.company_id)
    challenge = (
        get_object_or_404(challenges_visible_to(user), pk=payload.challenge_id)
        if payload.challenge_id
        else None
    )
    project = services.project_propose(
        actor=user,
        data=services.ProjectInput(
            company=company,
            title=payload.title,
            summary=payload.summary,
            problem=payload.problem,
            data_shared=payload.data_shared,
            confidentiality=payload.confidentiality,
            technology=by_slug(Technology, "technology", payload.technology),
            processes=by_slugs(Process, "processes", payload.processes),
            mentor_name=payload.mentor_name,
            mentor_title=payload.mentor_title,
            challenge=challenge,
        ),
    )
    found = get_object_or_404(_projects(user), pk=project.pk)
    return Status(201, _project_out(found, _viewer(user, [found])))


class GraduateInterestIn(InputSchema):
    motivation: str = Field(..., max_length=1000)
    accept_nda: bool = Field(False, description="비밀유지 과제: 조건(graduate.notice.NDA_TERMS)에 동의함")


class GraduateInterestOut(Schema):
    id: int
    project_id: int
    status: str
    created_at: Any


@router.post(
    "/graduate/projects/{project_id}/interest",
    response={201: GraduateInterestOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_or_session,
    summary="과제에 관심 표명(재학생)",
)
def projects_interest(request: HttpRequest, project_id: DbId, payload: GraduateInterestIn) -> Any:
    user = authenticated_user(request)
    project = get_object_or_404(selectors.projects_visible_to(user), pk=project_id)
    # One transaction: a refused interest leaves no NDA acceptance behind.
    with transaction.atomic():
        if payload.accept_nda and project.under_nda:
            services.nda_accept(actor=user, project=project)
        interest = services.interest_express(actor=user, project=project, motivation=payload.motivation)
    return Status(
        201,
        {
            "id": interest.pk,
            "project_id": project.pk,
            "status": interest.status,
            "created_at": interest.created_at,
        },
    )


class GraduateSuggestionOut(Schema):
    student_id: int
    advisor_id: int
    advisor: str
    score: float
    reasons: list[str]


@router.get(
    "/graduate/projects/{project_id}/suggestions",
    response={200: list[GraduateSuggestionOut], 403: ErrorOut, 404: ErrorOut},
    auth=token_or_session,
    summary="과제의 학생·지도교수 추천(학교)",
)
def projects_suggestions(request: HttpRequest, project_id: DbId) -> Any:
    user = authenticated_user(request)
    require_school(user)
    project = get_object_or_404(selectors.projects_visible_to(user), pk=project_id)
    return [
        {
            "student_id": s.student.pk,
            "advisor_id": s.advisor.pk,
            "advisor": str(s.advisor),
            "score": s.score,
            "reasons": s.reasons,
        }
        for s in suggestions(project)
    ]


class GraduateMatchIn(InputSchema):
    project_id: DbId
    student_id: DbId
    advisor_id: DbId


class GraduateMilestoneOut(Schema):
    id: int
    kind: str
    planned_on: date | None
    held_on: date | None
    state: str


class GraduateMatchOut(Schema):
    id: int
    project_id: int
    student_id: int
    advisor_id: int
    reasons: list[str]
    milestones: list[GraduateMilestoneOut]


@router.post(
    "/graduate/matches",
    response={201: GraduateMatchOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_or_session,
    summary="과제에 학생과 지도교수 배정(학교)",
)
def matches_create(request: HttpRequest, payload: GraduateMatchIn) -> Any:
    from ppuri.challenges.models import Expert

    user = authenticated_user(request)
    require_school(user)
    project = get_object_or_404(selectors.projects_visible_to(user), pk=payload.project_id)
    student = get_object_or_404(selectors.students_visible_to(user), pk=payload.student_id)
    advisor = get_object_or_404(Expert.objects.all(), pk=payload.advisor_id)
    match = services.match_create(actor=user, project=project, student=student, advisor=advisor)
    return Status(
        201,
        {
            "id": match.pk,
            "project_id": project.pk,
            "student_id": student.pk,
            "advisor_id": advisor.pk,
            "reasons": match.reasons,
            "milestones": list(match.milestones.values("id", "kind", "planned_on", "held_on", "state")),
        },
    )


class GraduatePlacementSurveyOut(Schema):
    survey: str
    label: str
    graduates: int | None = Field(..., description="조사 시점이 된 졸업생; " + SUPPRESSED)
    answered: int | None
    employed: int | None
    employed_root: int | None = Field(..., description="뿌리산업 기업에 취업")
    employed_complex: int | None = Field(..., description="인천 산업단지(남동·주안·부평·서부) 사업장에 취업")
    employed_registry: int | None = Field(..., description="Ppuri 등록 기업에 취업(근속을 추적)")
    study: int | None
    seeking: int | None
    retained_12m: int | None = Field(..., description="입사 12개월이 지난 취업자 중 12개월 이상 재직")
    followed_12m: int | None


class GraduatePlacementsOut(Schema):
    legend: str
    exact: bool
    surveys: list[GraduatePlacementSurveyOut]
    projects: dict[str, int | None]


@router.get(
    "/graduate/placements",
    response=GraduatePlacementsOut,
    auth=optional_user,
    summary="졸업생 진로·근속과 기업 연계 과제 집계(시·공개용, 5 미만 비공개)",
)
def placements_aggregates(request: HttpRequest) -> Any:
    user = optional_user(request)
    return {
        "legend": str(LEGEND),
        "exact": runs_graduate_school(user),
        "surveys": [f.__dict__ for f in selectors.placement_figures(user)],
        "projects": selectors.projects_figures(user),
    }
