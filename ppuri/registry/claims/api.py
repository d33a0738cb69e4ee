"""The claims API: POST /claims (a company-role user claims a company), GET /claims (one's own; all
for operators), GET /claims/{id}, and the decisions: approve, refuse (with a reason), withdraw."""

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.lookups import unknown_values
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.core.permissions import deny
from ppuri.registry.claims import selectors, services
from ppuri.registry.claims.services import MESSAGE_MAX, REASON_MAX
from ppuri.registry.selectors import organization_get_for_user

router = Router(tags=["claims"])


class ClaimDocumentOut(Schema):
    id: int
    name: str
    size: int


class ClaimSignalsOut(Schema):
    """For operators only: hints, never a gate."""

    work_domain: str
    account_domain: str
    website_domain: str
    matches_account: bool | None
    matches_website: bool | None


class ClaimOut(Schema):
    id: int
    organization: int
    organization_name: str
    claimant: int
    status: Literal["pending", "approved", "refused", "withdrawn"]
    business_number: str = Field(..., description="123-45-67890")
    work_email: str
    message: str
    refusal_reason: str
    documents: list[ClaimDocumentOut]
    created_at: datetime
    decided_at: datetime | None
    company_has_admin: bool | None = Field(None, description="operators only")
    competing: list[int] | None = Field(
        None, description="operators only: other pending claims of the company"
    )
    signals: ClaimSignalsOut | None = Field(None, description="operators only")


class ClaimPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ClaimOut]


class ClaimIn(InputSchema):
    organization: DbId
    business_number: str = Field(..., max_length=20, description="10 digits, hyphens optional: 123-45-67890")
    work_email: str = Field("", max_length=254)
    message: str = Field("", max_length=MESSAGE_MAX)


class RefuseIn(InputSchema):
    reason: str = Field(..., max_length=REASON_MAX)


class ClaimQuery(PageParams):
    status: Literal["pending", "approved", "refused", "withdrawn"] | None = None


@router.post(
    "/claims", response={201: ClaimOut, 403: ErrorOut}, auth=token_or_session, summary="Claim a company"
)
def claim_create(request: HttpRequest, payload: ClaimIn) -> Status[dict[str, Any]]:
    user = authenticated_user(request)
    if not selectors.may_claim(user):
        deny(visible=True)
    try:
        organization = organization_get_for_user(user=user, pk=payload.organization)
    except Http404:
        raise unknown_values("organization", [payload.organization]) from None
    claim = services.claim_create(
        actor=user,
        organization=organization,
        business_number=payload.business_number,
        work_email=payload.work_email,
        message=payload.message,
    )
    claim = selectors.claim_get_for_user(user=user, pk=claim.pk)
    return Status(201, selectors.claim_fields_for(user=user, claim=claim))


@router.get(
    "/claims", response=ClaimPageOut, auth=token_or_session, summary="Claims: one's own, or all for operators"
)
def claim_list(request: HttpRequest, query: Query[ClaimQuery]) -> dict[str, Any]:
    user = authenticated_user(request)
    items, meta = paginate(selectors.claims_list_for(user=user, status=query.status), query)
    return {**meta, "results": selectors.claims_fields_for(user=user, claims=items)}


@router.get("/claims/{claim_id}", response=ClaimOut, auth=token_or_session)
def claim_detail(request: HttpRequest, claim_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    claim = selectors.claim_get_for_user(user=user, pk=claim_id)
    return selectors.claim_fields_for(user=user, claim=claim)


@router.post(
    "/claims/{claim_id}/approve", response=ClaimOut, auth=token_or_session, summary="Approve (operators)"
)
def claim_approve(request: HttpRequest, claim_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    claim = selectors.claim_get_for_decision(user=user, pk=claim_id)
    services.claim_approve(actor=user, claim=claim)
    return selectors.claim_fields_for(user=user, claim=selectors.claim_get_for_user(user=user, pk=claim_id))


@router.post(
    "/claims/{claim_id}/refuse",
    response=ClaimOut,
    auth=token_or_session,
    summary="Refuse with a reason (operators)",
)
def claim_refuse(request: HttpRequest, claim_id: DbId, payload: RefuseIn) -> dict[str, Any]:
    user = authenticated_user(request)
    claim = selectors.claim_get_for_decision(user=user, pk=claim_id)
    services.claim_refuse(actor=user, claim=claim, reason=payload.reason)
    return selectors.claim_fields_for(user=user, claim=selectors.claim_get_for_user(user=user, pk=claim_id))


@router.post(
    "/claims/{claim_id}/withdraw", response=ClaimOut, auth=token_or_session, summary="Withdraw (the claimant)"
)
def claim_withdraw(request: HttpRequest, claim_id: DbId) -> dict[str, Any]:
    user = authenticated_user(request)
    claim = selectors.claim_get_for_user(user=user, pk=claim_id)
    services.claim_withdraw(actor=user, claim=claim)
    return selectors.claim_fields_for(user=user, claim=selectors.claim_get_for_user(user=user, pk=claim_id))
