"""The programmes' API: projects (issue 17's contract, `GET /programs/projects/{id}`: the budget by
phase, the execution rate and the milestones), and beside them the variance, the totals per
sub-project, funding source and year, the outputs and whether the figures are synthetic. Budget lines
are the programme staff's (`lines` is null for everyone else); what a viewer sees is decided by
programs.selectors.projects, never here."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from ppuri.api.auth import optional_user
from ppuri.api.schemas import DbId, ErrorOut
from ppuri.programs.models import Document
from ppuri.programs.selectors import projects as selectors
from ppuri.programs.selectors.budgets import BudgetRow, BudgetTotals

router = Router(tags=["programs"])

RATE = "집행액 ÷ 예산현액 × 100, 소수 첫째 자리(예산현액이 0이면 null)"


class ProgramsBudgetOut(Schema):
    approved: int = Field(..., description="편성액 합계(원)")
    budget_in_force: int = Field(..., description="예산현액 합계(원): 변경된 항목은 변경액, 아니면 편성액")
    contracted: int = Field(..., description="계약액 합계(원)")
    executed: int = Field(..., description="집행액 합계(원)")


class ProgramsBudgetRowOut(Schema):
    key: str = Field(
        ..., description="세부사업 id, 재원(national, city, district, kicox, private, other) 또는 연도"
    )
    label: str
    budget: ProgramsBudgetOut
    execution_rate: float | None = Field(..., description=RATE)
    variance: int = Field(..., description="집행 잔액: 예산현액 − 집행액(원)")


class ProgramsMilestoneOut(Schema):
    id: int
    title: str = Field(..., description="단계 이름(Accept-Language: en이면 영문 이름이 있을 때 영문)")
    subproject_id: int | None
    planned_on: date
    actual_on: date | None
    outcome: str = Field(..., description="pending, done, missed")
    delay_days: int | None = Field(
        ..., description="실제 완료일 − 계획일; 진행 전인데 계획일이 지났으면 오늘 − 계획일; 아니면 null"
    )


class ProgramsOutputOut(Schema):
    id: int
    subproject_id: int
    indicator: str
    unit: str
    target: int
    actual: int
    achievement: float | None = Field(..., description="실적 ÷ 목표 × 100(목표가 0이면 null)")
    as_of: date | None


class ProgramsDocumentOut(Schema):
    id: int
    title: str
    dated: date | None
    url: str = Field(..., description="외부 링크 또는 파일 내려받기 주소")
    milestone_id: int | None
    public: bool


class ProgramsBudgetLineOut(Schema):
    id: int
    subproject_id: int
    source: str
    year: int
    approved: int
    revised: int | None = Field(..., description="변경(추경)이 없으면 null")
    budget_in_force: int
    contracted: int
    executed: int
    execution_rate: float | None


class ProgramsProjectSummaryOut(Schema):
    id: int
    slug: str
    kind: str = Field(..., description="regeneration, designation, other")
    status: str
    title: str = Field(..., description="사업명(Accept-Language: en이면 영문 이름이 있을 때 영문)")
    complex: str | None = Field(..., description="산업단지 slug")
    starts_on: date | None
    ends_on: date | None
    synthetic: bool = Field(..., description="true: 시연용 가상 자료(실제 사업비가 아님)")
    synthetic_notice: str | None
    budget: ProgramsBudgetOut | None = Field(..., description="지구 지정 추진 사업은 예산이 없어 null")
    execution_rate: float | None = Field(..., description=RATE)


class ProgramsProjectOut(ProgramsProjectSummaryOut):
    summary: str
    lead_agency: str
    announced_budget: int | None = Field(..., description="발표 사업비(원)")
    announced_difference: int | None = Field(..., description="편성액 합계 − 발표 사업비(원)")
    contract_rate: float | None
    variance: int | None = Field(..., description="집행 잔액: 예산현액 − 집행액(원)")
    subprojects: list[ProgramsBudgetRowOut] | None
    by_source: list[ProgramsBudgetRowOut] | None
    by_year: list[ProgramsBudgetRowOut] | None
    milestones: list[ProgramsMilestoneOut]
    outputs: list[ProgramsOutputOut]
    documents: list[ProgramsDocumentOut] = Field(..., description="이 사용자가 볼 수 있는 문서")
    lines: list[ProgramsBudgetLineOut] | None = Field(
        ..., description="예산 항목(운영기관과 인천시 담당자에게만; 그 밖에는 null)"
    )


def _rate(value: Any) -> float | None:
    return None if value is None else float(value)


def _budget(totals: BudgetTotals) -> dict[str, int]:
    return {
        "approved": totals.approved,
        "budget_in_force": totals.in_force,
        "contracted": totals.contracted,
        "executed": totals.executed,
    }


def _rows(rows: list[BudgetRow]) -> list[dict[str, Any]]:
    return [
        {
            "key": str(row.key),
            "label": row.label,
            "budget": _budget(row.totals),
            "execution_rate": _rate(row.totals.execution_rate),
            "variance": row.totals.variance,
        }
        for row in rows
    ]


def _summary(project: Any, title: str, totals: BudgetTotals | None) -> dict[str, Any]:
    return {
        "id": project.pk,
        "slug": project.slug,
        "kind": project.kind,
        "status": project.status,
        "title": title,
        "complex": project.complex.slug if project.complex_id else None,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "synthetic": project.synthetic,
        "synthetic_notice": _("가상 자료: 시연을 위해 만든 자료로 실제 사업비나 일정과 다릅니다.")
        if project.synthetic
        else None,
        "budget": _budget(totals) if totals else None,
        "execution_rate": _rate(totals.execution_rate) if totals else None,
    }


def _document_url(document: Document) -> str:
    if document.file:
        return reverse("programs:project_document", args=[document.project_id, document.pk])
    return document.url


@router.get(
    "/programs/projects",
    response=list[ProgramsProjectSummaryOut],
    auth=optional_user,
    summary="사업 목록(예산 합계와 집행률)",
)
def projects_list(request: HttpRequest) -> Any:
    return [
        _summary(r.project, r.title, r.totals) for r in selectors.project_rows(user=optional_user(request))
    ]


@router.get(
    "/programs/projects/{project_id}",
    response={200: ProgramsProjectOut, 404: ErrorOut},
    auth=optional_user,
    summary="사업의 단계별 사업비, 집행률, 추진 단계",
)
def project_detail(request: HttpRequest, project_id: DbId) -> Any:
    user = optional_user(request)
    project = selectors.project_get_for_user(user=user, pk=project_id)
    view = selectors.project_view_for(user=user, project=project)
    budget = view.budget
    totals = budget.total if budget else None
    documents = [d for row in view.milestones for d in row.documents] + view.documents
    return {
        **_summary(project, view.title, totals),
        "summary": view.summary,
        "lead_agency": project.lead_agency,
        "announced_budget": project.announced_budget,
        "announced_difference": budget.announced_difference if budget else None,
        "contract_rate": _rate(totals.contract_rate) if totals else None,
        "variance": totals.variance if totals else None,
        "subprojects": _rows(budget.by_subproject) if budget else None,
        "by_source": _rows(budget.by_source) if budget else None,
        "by_year": _rows(budget.by_year) if budget else None,
        "milestones": [
            {
                "id": row.milestone.pk,
                "title": row.title,
                "subproject_id": row.milestone.subproject_id,
                "planned_on": row.milestone.planned_on,
                "actual_on": row.milestone.actual_on,
                "outcome": row.milestone.outcome,
                "delay_days": row.delay_days,
            }
            for row in view.milestones
        ],
        "outputs": [
            {
                "id": row.output.pk,
                "subproject_id": row.output.subproject_id,
                "indicator": row.indicator,
                "unit": row.output.unit,
                "target": row.output.target,
                "actual": row.output.actual,
                "achievement": _rate(row.achievement),
                "as_of": row.output.as_of,
            }
            for row in view.outputs
        ],
        "documents": [
            {
                "id": d.pk,
                "title": d.title,
                "dated": d.dated,
                "url": _document_url(d),
                "milestone_id": d.milestone_id,
                "public": d.public,
            }
            for d in documents
        ],
        "lines": None
        if view.lines is None
        else [
            {
                "id": row.line.pk,
                "subproject_id": row.line.subproject_id,
                "source": row.line.source,
                "year": row.line.year,
                "approved": row.line.approved,
                "revised": row.line.revised,
                "budget_in_force": row.totals.in_force,
                "contracted": row.line.contracted,
                "executed": row.line.executed,
                "execution_rate": _rate(row.totals.execution_rate),
            }
            for row in view.lines
        ],
    }
