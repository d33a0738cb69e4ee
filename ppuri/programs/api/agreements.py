"""The programmes' API: an agreement's commitments (issue 17's contract,
`GET /programs/agreements/{id}/commitments`): one item per commitment period with its indicator, unit,
baseline, target, actual, status and source (`records`: counted from Ppuri's records, `manual`: reported
by the partner with evidence). What a viewer sees of a figure (a small count of people hidden) is
decided by programs.selectors.agreements, never here."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ppuri.api.auth import optional_user
from ppuri.api.schemas import DbId, ErrorOut
from ppuri.programs.selectors import agreements as selectors

router = Router(tags=["programs"])


class ProgramsCommitmentPeriodOut(Schema):
    commitment_id: int
    code: str = Field(..., description="협약 안의 약속 번호")
    title: str = Field(..., description="약속(Accept-Language: en이면 영문이 있을 때 영문)")
    partner: str = Field(..., description="담당 기관")
    indicator: str = Field(..., description="지표(Accept-Language: en이면 영문이 있을 때 영문)")
    unit: str = Field(..., description="단위(명, 건, 원 …)")
    baseline: int
    period: str = Field(..., description="기간 이름(영문 요청이면 시작일 – 종료일)")
    period_starts_on: date
    period_ends_on: date
    target: int | None = Field(..., description="목표; 목표가 없는 기간은 null")
    actual: int | None = Field(
        ...,
        description="실적; 직접 입력 지표에 아직 실적이 없거나, 5 미만인 사람 수를 공개하지 않을 때 null "
        "(suppressed 참고). 사업 담당자와 담당 기관의 입력 담당자는 정확한 값",
    )
    suppressed: bool = Field(..., description="true: 5 미만이라 실적(사람 수)을 공개하지 않음")
    status: str = Field(
        ..., description="not_started, on_track, at_risk, behind, no_target, no_actual, undisclosed"
    )
    status_label: str
    source: str = Field(..., description="records: Ppuri 기록에서 집계, manual: 담당 기관이 증빙과 함께 입력")
    verification: str = Field(..., description="verified, partial, unverified(출처 미확인 수치)")
    records_url: str = Field(..., description="이 실적을 이루는 기록(또는 증빙)을 보여 주는 페이지")


@router.get(
    "/programs/agreements/{agreement_id}/commitments",
    response={200: list[ProgramsCommitmentPeriodOut], 404: ErrorOut},
    auth=optional_user,
    summary="협약 이행 약속의 기간별 목표, 실적, 상태",
)
def agreement_commitments(request: HttpRequest, agreement_id: DbId) -> Any:
    user = optional_user(request)
    agreement = selectors.agreement_get_for_user(user=user, pk=agreement_id)
    items = []
    for row in selectors.commitment_rows(user=user, agreement=agreement):
        commitment = row.commitment
        for figure in row.figures:
            items.append(
                {
                    "commitment_id": commitment.pk,
                    "code": commitment.code,
                    "title": row.title,
                    "partner": row.partner,
                    "indicator": row.indicator,
                    "unit": commitment.unit,
                    "baseline": commitment.baseline,
                    "period": figure.label,
                    "period_starts_on": figure.period.starts_on,
                    "period_ends_on": figure.period.ends_on,
                    "target": figure.target,
                    "actual": figure.actual,
                    "suppressed": figure.suppressed,
                    "status": figure.status.status,
                    "status_label": figure.status.label,
                    "source": figure.source,
                    "verification": commitment.verification,
                    "records_url": figure.records_url,
                }
            )
    return items
