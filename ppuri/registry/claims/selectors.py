"""Reads of claims. Who may see a claim is decided here, once: the claimant and operators; nobody
else learns that a claim exists (404), and its evidence never reaches a page or API read of anyone else."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ppuri.accounts.models import Role
from ppuri.core.business_number import business_number_format
from ppuri.core.permissions import deny, is_operator
from ppuri.registry.models import Claim, ClaimDocument, Membership, Organization


def may_claim(user: Any) -> bool:
    """Company staff with a verified, active account; seekers, institutions and operators do not claim."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.COMPANY
        and not user.awaiting_email_verification
        and user.deleted_at is None
    )


def claims_visible_to(user: Any) -> QuerySet[Claim]:
    if is_operator(user):
        return Claim.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Claim.objects.none()
    return Claim.objects.filter(claimant=user)


def claim_documents_visible_to(user: Any) -> QuerySet[ClaimDocument]:
    return ClaimDocument.objects.filter(claim__in=claims_visible_to(user).values("pk"))


def claim_visible_to(*, user: Any, claim: Claim) -> bool:
    return is_operator(user) or (getattr(user, "is_authenticated", False) and claim.claimant_id == user.pk)


def claim_get_for_user(*, user: Any, pk: int) -> Claim:
    claim = get_object_or_404(
        Claim.objects.select_related("organization", "claimant", "decided_by").prefetch_related("documents"),
        pk=pk,
    )
    if not claim_visible_to(user=user, claim=claim):
        deny(visible=False)
    return claim


def claim_get_for_decision(*, user: Any, pk: int) -> Claim:
    """Operators decide; the claimant, who may see the claim, gets a 403."""
    claim = claim_get_for_user(user=user, pk=pk)
    if not is_operator(user):
        deny(visible=True)
    return claim


def claim_document_get_for_user(*, user: Any, claim_pk: int, pk: int) -> ClaimDocument:
    claim = claim_get_for_user(user=user, pk=claim_pk)
    return get_object_or_404(ClaimDocument, claim=claim, pk=pk)


def _has_admin() -> Exists:
    return Exists(
        Membership.objects.filter(organization=OuterRef("organization_id"), role=Membership.Role.ADMIN)
    )


def _with_queue_facts(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """Each claim with what the operator weighs: whether its company already has an admin, and how many
    other claims of the same company wait."""
    competing = (
        Claim.objects.filter(organization=OuterRef("organization_id"), status=Claim.Status.PENDING)
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        company_has_admin=_has_admin(),
        competing_count=Coalesce(Subquery(competing, output_field=IntegerField()), 0),
    )


def claims_of(*, user: Any) -> QuerySet[Claim]:
    """The claimant's own claims, newest first."""
    return claims_visible_to(user).filter(claimant=user).select_related("organization")


def claim_queue(*, status: str = Claim.Status.PENDING) -> QuerySet[Claim]:
    """The operators' queue: pending claims, oldest first (first come, first reviewed)."""
    return _with_queue_facts(
        Claim.objects.filter(status=status)
        .select_related("organization", "claimant")
        .prefetch_related("documents")
    ).order_by("created_at", "id")


def claims_list_for(*, user: Any, status: str | None = None) -> QuerySet[Claim]:
    """The API's list: the caller's own claims, or every claim for an operator."""
    qs = claims_visible_to(user).select_related("organization", "claimant").prefetch_related("documents")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower() if "@" in (address or "") else ""


def _website_domain(website: str) -> str:
    host = (urlsplit(website if "//" in website else f"//{website}").hostname or "").lower()
    return host.removeprefix("www.")


@dataclass
class ClaimSignals:
    """Hints for the operator, never a gate: does the work e-mail's domain match the claimant's
    account address and the company's website?"""

    work_domain: str
    account_domain: str
    website_domain: str
    matches_account: bool | None  # None: nothing to compare
    matches_website: bool | None


def claim_signals(claim: Claim) -> ClaimSignals:
    work = _domain(claim.work_email)
    account = _domain(claim.claimant.email)
    website = _website_domain(claim.organization.website)
    return ClaimSignals(
        work_domain=work,
        account_domain=account,
        website_domain=website,
        matches_account=(work == account) if work and account else None,
        matches_website=(work == website or work.endswith("." + website)) if work and website else None,
    )


@dataclass
class ClaimView:
    """What one viewer sees of a claim and may do with it (claim_view_for)."""

    claim: Claim
    business_number: str
    signals: ClaimSignals | None
    can_decide: bool
    can_withdraw: bool
    company_has_admin: bool
    competing: list["ClaimView"] = field(default_factory=list)


def claim_view_for(*, user: Any, claim: Claim) -> ClaimView:
    """The claim as this viewer (its claimant or an operator, claim_get_for_user) may see it: operators
    get the signals and the competing claims side by side; the claimant their own evidence."""
    operator = is_operator(user)
    has_admin = Membership.objects.filter(
        organization_id=claim.organization_id, role=Membership.Role.ADMIN
    ).exists()

    def view(one: Claim) -> ClaimView:
        pending = one.status == Claim.Status.PENDING
        return ClaimView(
            claim=one,
            business_number=business_number_format(one.business_number),
            signals=claim_signals(one) if operator else None,
            can_decide=operator and pending,
            can_withdraw=pending and one.claimant_id == getattr(user, "pk", None),
            company_has_admin=has_admin,
        )

    shown = view(claim)
    if operator:
        others = (
            Claim.objects.filter(organization_id=claim.organization_id, status=Claim.Status.PENDING)
            .exclude(pk=claim.pk)
            .select_related("organization", "claimant")
            .prefetch_related("documents")
        )
        shown.competing = [view(other) for other in others]
    return shown


def claims_fields_for(*, user: Any, claims: list[Claim]) -> list[dict[str, Any]]:
    """The API's view of claims this viewer may see (claims_visible_to): the evidence for its claimant
    and operators; the signals, the admin flag and the competing claims for operators only. A fixed
    number of queries, however many claims."""
    operator = is_operator(user)
    admins: set[int] = set()
    pending: dict[int, list[int]] = {}
    if operator and claims:
        organization_ids = {claim.organization_id for claim in claims}
        admins = set(
            Membership.objects.filter(
                organization_id__in=organization_ids, role=Membership.Role.ADMIN
            ).values_list("organization_id", flat=True)
        )
        for pk, organization_id in Claim.objects.filter(
            organization_id__in=organization_ids, status=Claim.Status.PENDING
        ).values_list("pk", "organization_id"):
            pending.setdefault(organization_id, []).append(pk)
    shown = []
    for claim in claims:
        fields: dict[str, Any] = {
            "id": claim.pk,
            "organization": claim.organization_id,
            "organization_name": claim.organization.name,
            "claimant": claim.claimant_id,
            "status": claim.status,
            "business_number": business_number_format(claim.business_number),
            "work_email": claim.work_email,
            "message": claim.message,
            "refusal_reason": claim.refusal_reason,
            "documents": [{"id": d.pk, "name": d.name, "size": d.size} for d in claim.documents.all()],
            "created_at": claim.created_at,
            "decided_at": claim.decided_at,
        }
        if operator:
            fields["signals"] = claim_signals(claim)
            fields["company_has_admin"] = claim.organization_id in admins
            fields["competing"] = [pk for pk in pending.get(claim.organization_id, []) if pk != claim.pk]
        shown.append(fields)
    return shown


def claim_fields_for(*, user: Any, claim: Claim) -> dict[str, Any]:
    return claims_fields_for(user=user, claims=[claim])[0]


@dataclass
class ClaimPrompt:
    """What a company profile offers its viewer about claiming it."""

    show: bool = False  # "이 기업의 담당자이신가요? 소유권 신청"
    pending: Claim | None = None  # the viewer's own claim waiting for review


def claim_prompt_for(*, user: Any, organization: Organization, claimed: bool) -> ClaimPrompt:
    """Company-role users see the invitation to claim an unclaimed company they do not work for."""
    if claimed or organization.kind != Organization.Kind.COMPANY or not may_claim(user):
        return ClaimPrompt()
    if Membership.objects.filter(organization=organization, user=user).exists():
        return ClaimPrompt()
    pending = Claim.objects.filter(
        organization=organization, claimant=user, status=Claim.Status.PENDING
    ).first()
    return ClaimPrompt(show=pending is None, pending=pending)


def claim_queue_count() -> int:
    return Claim.objects.filter(status=Claim.Status.PENDING).count()


def organization_is_claimed(*, organization: Organization) -> bool:
    claimed = getattr(organization, "is_claimed", None)
    if claimed is not None:
        return bool(claimed)
    return Membership.objects.filter(organization=organization, role=Membership.Role.ADMIN).exists()
