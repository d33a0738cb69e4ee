"""Who sees which request and quote (deny by default; 404 for what one may not know exists).

- The buyer's members and operators see the request, every invitation and every quote.
- A supplier sees a request it was invited to, or an open-to-all request one of whose steps its
  capabilities fit ("qualified"); it sees its own invitation and quote, never another supplier's.
- Nobody else sees anything of it.
"""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ppuri.core.permissions import is_operator
from ppuri.registry.models import Capability
from ppuri.registry.selectors import is_member, organizations_of
from ppuri.sourcing.matching import PartSpec
from ppuri.sourcing.models import (
    Invitation,
    Quote,
    QuoteAttachment,
    RequestAttachment,
    RequestStep,
    SourcingRequest,
)


def _qualified(organization_ids: Any) -> Exists:
    """The request has a step whose process one of these organizations has registered."""
    return Exists(
        RequestStep.objects.filter(
            request=OuterRef("pk"),
            process__in=Capability.objects.filter(organization__in=organization_ids).values("process"),
        )
    )


def requests_visible_to(user: Any) -> QuerySet[SourcingRequest]:
    if is_operator(user):
        return SourcingRequest.objects.all()
    organizations = organizations_of(user).values("pk")
    return SourcingRequest.objects.filter(
        Q(buyer__in=organizations)
        | Q(invitations__supplier__in=organizations)
        | (
            Q(status=SourcingRequest.Status.OPEN, visibility=SourcingRequest.Visibility.OPEN)
            & _qualified(organizations)
        )
    ).distinct()


def all_invitations_visible_to(user: Any) -> QuerySet[Invitation]:
    """Across requests: an invitation (whom the buyer asked, for which steps, the answer) is known to
    the buyer's and that supplier's people and to operators, never to another supplier."""
    if is_operator(user):
        return Invitation.objects.all()
    organizations = organizations_of(user).values("pk")
    return Invitation.objects.filter(Q(request__buyer__in=organizations) | Q(supplier__in=organizations))


def all_quotes_visible_to(user: Any) -> QuerySet[Quote]:
    return Quote.objects.filter(invitation__in=all_invitations_visible_to(user).values("pk"))


def request_steps_visible_to(user: Any) -> QuerySet[RequestStep]:
    return RequestStep.objects.filter(request__in=requests_visible_to(user).values("pk"))


def request_attachments_visible_to(user: Any) -> QuerySet[RequestAttachment]:
    """A request's drawings go with the request: whoever may see it may download them."""
    return RequestAttachment.objects.filter(request__in=requests_visible_to(user).values("pk"))


def quote_attachments_visible_to(user: Any) -> QuerySet[QuoteAttachment]:
    return QuoteAttachment.objects.filter(quote__in=all_quotes_visible_to(user).values("pk"))


def request_get_for_user(*, user: Any, pk: int) -> SourcingRequest:
    found = requests_visible_to(user).filter(pk=pk).select_related("buyer", "material", "sector").first()
    if found is None:
        raise Http404
    return found


def is_buyer(user: Any, request: SourcingRequest) -> bool:
    return is_operator(user) or is_member(user=user, organization_id=request.buyer_id)


def requests_of_buyer(user: Any) -> QuerySet[SourcingRequest]:
    return (
        SourcingRequest.objects.filter(buyer__in=organizations_of(user))
        .select_related("buyer")
        .annotate(quote_count=Count("invitations__quote"))
    )


def supplier_inbox(user: Any) -> QuerySet[SourcingRequest]:
    """The reverse direction: requests a supplier of this user's was invited to, and open requests
    its capabilities fit, newest first; not its own."""
    organizations = organizations_of(user).values("pk")
    return (
        SourcingRequest.objects.exclude(buyer__in=organizations)
        .filter(
            Q(invitations__supplier__in=organizations)
            | (
                Q(status=SourcingRequest.Status.OPEN, visibility=SourcingRequest.Visibility.OPEN)
                & _qualified(organizations)
            )
        )
        .exclude(status=SourcingRequest.Status.DRAFT)
        .distinct()
        .select_related("buyer")
    )


def invitations_visible_to(user: Any, request: SourcingRequest) -> QuerySet[Invitation]:
    invitations = request.invitations.select_related("supplier", "quote").prefetch_related("steps__process")
    if is_buyer(user, request):
        return invitations
    return invitations.filter(supplier__in=organizations_of(user))


def quotes_visible_to(user: Any, request: SourcingRequest) -> QuerySet[Quote]:
    quotes = Quote.objects.filter(invitation__request=request).select_related("invitation__supplier")
    if is_buyer(user, request):
        return quotes
    return quotes.filter(invitation__supplier__in=organizations_of(user))


def quote_get_for_buyer(*, user: Any, pk: int) -> Quote:
    quote = Quote.objects.select_related("invitation__request", "invitation__supplier").filter(pk=pk).first()
    if quote is None or not is_buyer(user, quote.invitation.request):
        raise Http404
    return quote


def invitation_get_for_supplier(*, user: Any, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related("request__buyer", "supplier")
        .filter(pk=pk, supplier__in=organizations_of(user))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def request_spec(request: SourcingRequest) -> PartSpec:
    """The request as the matcher's part specification (the buyer itself is never proposed)."""
    return PartSpec(
        title=request.title,
        description=request.description,
        material=request.material,
        processes=tuple(step.process for step in request.steps.select_related("process")),
        quantity=request.quantity,
        certifications=tuple(request.certifications.all()),
        sector=request.sector,
        complexes=tuple(request.complexes.all()),
        deadline=request.deadline,
        length_mm=request.length_mm,
        width_mm=request.width_mm,
        height_mm=request.height_mm,
        weight_kg=request.weight_kg,
        exclude=(request.buyer_id,),
    )
