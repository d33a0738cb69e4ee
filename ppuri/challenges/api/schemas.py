"""What the desk's API takes and gives: the request and response schemas."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from ppuri.api.pagination import PageParams
from ppuri.api.schemas import DbId, InputSchema
from ppuri.challenges.routing import PROPOSALS

ChallengeStatus = Literal["submitted", "triaged", "offered", "in_progress", "resolved", "closed", "withdrawn"]


class ChallengeSummaryOut(Schema):
    id: int
    company_id: int
    company: str = Field(..., alias="company.name")
    company_en: str = Field(
        ..., alias="company.name_en", description="영문 이름(없으면 빈 값) / English name, or empty"
    )
    title: str
    technology: str | None = Field(None, alias="technology.slug")
    urgency: str
    confidentiality: str
    status: str
    created_at: datetime


class ChallengePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ChallengeSummaryOut]


class ChallengeQuery(PageParams):
    status: ChallengeStatus | None = None
    technology: str | None = Field(None, max_length=80, description="뿌리기술 slug")


class OfferOut(Schema):
    id: int
    challenge_id: int
    challenge: str
    expert_id: int
    expert: str
    organization: str
    organization_en: str
    status: str
    score: float | None = Field(
        None, description="운영기관과 제안받은 전문가에게만 / operators and the expert"
    )
    reasons: list[str] | None = Field(None, description="운영기관과 제안받은 전문가에게만")
    decline_reason: str
    created_at: datetime
    responded_at: datetime | None


class OfferPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[OfferOut]


class ConsultationOut(Schema):
    id: int
    challenge_id: int
    expert_id: int
    expert: str = Field(..., alias="expert.name")
    held_on: date
    mode: str
    hours: Decimal
    notes: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str  # the web page's download (session)
    download: str  # the API's (token or session)


class ChallengeOut(Schema):
    id: int
    company_id: int
    company: str
    company_en: str
    title: str
    description: str
    technology: str | None
    process: str | None
    material: str | None
    defect: str | None
    urgency: str
    confidentiality: str
    status: str
    created_at: datetime
    triaged_at: datetime | None
    first_contact_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    outcome: str | None = Field(None, description="당사자에게만 / parties only")
    resolution: str | None = Field(None, description="당사자에게만 / parties only")
    effect_metric: str | None = None
    effect_before: Decimal | None = None
    effect_after: Decimal | None = None
    suggestion: dict[str, Any] | None = Field(
        None, description="자동 분류 제안과 근거: 운영기관에게만 / the classifier's proposal: operators only"
    )
    rating: int | None = Field(None, description="당사자에게만 / parties only")
    rating_comment: str | None = None
    publish_consent: bool | None = None
    attachments: list[AttachmentOut] | None = Field(None, description="당사자에게만 / parties only")
    offers: list[OfferOut] | None = Field(None, description="당사자에게만 / parties only")
    consultations: list[ConsultationOut] | None = Field(None, description="당사자에게만 / parties only")


class ChallengeIn(InputSchema):
    company_id: DbId = Field(..., description="과제를 내는 기업(회원인 기업)")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=20_000)
    technology: str | None = Field(None, max_length=80, description="뿌리기술 slug")
    process: str | None = Field(None, max_length=80, description="공정 slug")
    material: str | None = Field(None, max_length=80, description="소재 slug")
    defect: str | None = Field(None, max_length=80, description="결함 유형 slug")
    urgency: Literal["low", "normal", "high", "critical"] = "normal"
    confidentiality: Literal["confidential", "public"] = "confidential"


class TriageIn(InputSchema):
    technology: str = Field(..., min_length=1, max_length=80, description="뿌리기술 slug")
    process: str | None = Field(None, max_length=80)
    material: str | None = Field(None, max_length=80)
    defect: str | None = Field(None, max_length=80)


class ExpertFitOut(Schema):
    expert_id: int
    name: str
    organization: str
    organization_en: str
    score: float
    reasons: list[str]
    parts: dict[str, float]


class OffersIn(InputSchema):
    expert_ids: list[DbId] = Field(..., min_length=1, max_length=20)


class BatchIn(InputSchema):
    challenge_ids: list[DbId] = Field(..., min_length=1, max_length=500)
    per_case: int = Field(1, ge=1, le=PROPOSALS)


class BatchCaseOut(Schema):
    challenge_id: int
    offers: list[OfferOut]


class BatchOut(Schema):
    assignment: list[BatchCaseOut]
    skipped: list[int] = Field(..., description="분류 완료 상태가 아니라 건너뛴 과제 / not triaged, skipped")


class DeclineIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2_000)


class ConsultationIn(InputSchema):
    held_on: date
    mode: Literal["remote", "visit"]
    hours: Decimal = Field(..., ge=Decimal("0.5"), le=24, max_digits=4, decimal_places=1)
    notes: str = Field(..., min_length=1, max_length=20_000)
    expert_id: DbId | None = Field(None, description="운영기관이 대신 기록할 때: 과제를 맡은 전문가")


class ResolveIn(InputSchema):
    outcome: Literal["solved", "partly", "not_solved"]
    resolution: str = Field(..., min_length=1, max_length=20_000)
    effect_metric: Literal["", "defect_rate", "cost", "other"] = ""
    effect_before: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    effect_after: Decimal | None = Field(None, max_digits=14, decimal_places=2)


class RateIn(InputSchema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2_000)
    publish_consent: bool = False


class OverdueOut(Schema):
    sla_days: dict[str, int]
    triage: list[ChallengeSummaryOut]
    first_contact: list[ChallengeSummaryOut]
    resolution: list[ChallengeSummaryOut]


class OrganizationRefOut(Schema):
    id: int
    name: str


class ExpertOut(Schema):
    id: int
    name: str
    organization_id: int
    organization: str
    organization_en: str
    department: str
    title: str
    technologies: list[str]
    processes: list[str]
    materials: list[str]
    defects: list[str]
    keywords: list[str]
    languages: list[str]
    bio: str
    available: bool | None = Field(None, description="운영기관에게만 / operators only")
    capacity: int | None = Field(None, description="운영기관에게만 / operators only")
    load: int | None = Field(
        None, description="진행 중 사례 수: 운영기관에게만 / active cases: operators only"
    )
    conflicts: list[OrganizationRefOut] | None = Field(None, description="운영기관에게만 / operators only")


class ExpertPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ExpertOut]


class ExpertQuery(PageParams):
    technology: str | None = Field(None, max_length=80, description="뿌리기술 slug")


class UploadedOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    download: str
