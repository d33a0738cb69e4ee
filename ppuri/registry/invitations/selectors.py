"""Reads of invitations and of an organization's people. An invitation (its address above all) is
seen by operators and by the organization's admins; its members see who works there, not who is
invited; nobody else learns it exists."""

import enum
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from ppuri.accounts.selectors import users_with_email
from ppuri.core.permissions import deny, is_operator
from ppuri.core.text import mask_email
from ppuri.registry.invitations.tokens import SALT, secret_hash
from ppuri.registry.models import Invitation, Membership, Organization
from ppuri.registry.selectors import is_member, organization_get_for_user, organizations_administered_by


def may_administer(*, user: Any, organization: Organization) -> bool:
    """Operators and the organization's admins manage its people and invitations."""
    if is_operator(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and Membership.objects.filter(
            user=user, organization=organization, role=Membership.Role.ADMIN
        ).exists()
    )


def account_exists(*, email: str) -> bool:
    User = get_user_model()
    return users_with_email(email).exists() or User.objects.filter(username__iexact=email).exists()


def invitations_visible_to(user: Any) -> QuerySet[Invitation]:
    if is_operator(user):
        return Invitation.objects.all()
    return Invitation.objects.filter(organization__in=organizations_administered_by(user=user).values("pk"))


class LinkState(enum.StrEnum):
    OPEN = "open"
    INVALID = "invalid"  # not a link Ppuri made (or its invitation is gone)
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


def invitation_from_token(token: str) -> tuple[Invitation | None, LinkState]:
    """The invitation a link names and whether it can still be used. The token is signed, and its
    secret must match the stored hash: a forged or tampered link is INVALID, never an existence hint."""
    try:
        payload = signing.loads(token, salt=SALT)
        pk, secret = int(payload["i"]), str(payload["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, LinkState.INVALID
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=pk).first()
    if invitation is None or not constant_time_compare(invitation.secret_hash, secret_hash(secret)):
        return None, LinkState.INVALID
    if invitation.revoked_at:
        return invitation, LinkState.REVOKED
    if invitation.accepted_at:
        return invitation, LinkState.USED
    if invitation.expires_at <= timezone.now():
        return invitation, LinkState.EXPIRED
    return invitation, LinkState.OPEN


def organization_get_for_people(*, user: Any, pk: int) -> Organization:
    """The people page: the organization's members and operators (others: 403 for a public
    organization, 404 for one they may not know)."""
    organization = organization_get_for_user(user=user, pk=pk)
    if not (is_operator(user) or is_member(user=user, organization_id=organization.pk)):
        deny(visible=True)
    return organization


def organization_get_for_inviting(*, user: Any, pk: int) -> Organization:
    organization = organization_get_for_people(user=user, pk=pk)
    if not may_administer(user=user, organization=organization):
        deny(visible=True)
    return organization


def invitation_get_for_admin(*, user: Any, organization_pk: int, pk: int) -> Invitation:
    organization = organization_get_for_inviting(user=user, pk=organization_pk)
    return get_object_or_404(Invitation, organization=organization, pk=pk)


def membership_get_for_admin(*, user: Any, organization_pk: int, pk: int) -> Membership:
    organization = organization_get_for_inviting(user=user, pk=organization_pk)
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"), organization=organization, pk=pk
    )


@dataclass
class Person:
    membership: Membership
    name: str
    email: str  # masked for members; whole for admins and operators
    is_self: bool


@dataclass
class PeopleView:
    organization: Organization
    can_manage: bool
    people: list[Person] = field(default_factory=list)
    pending: list[Invitation] = field(default_factory=list)


def people_view_for(*, user: Any, organization: Organization) -> PeopleView:
    """Who works for the organization and who is invited, as this viewer (a member or an operator,
    organization_get_for_people) may see them."""
    manage = may_administer(user=user, organization=organization)
    memberships = (
        Membership.objects.filter(organization=organization).select_related("user").order_by("role", "id")
    )
    people = [
        Person(
            membership=m,
            name=str(m.user),
            email=m.user.email if manage else mask_email(m.user.email),
            is_self=m.user_id == user.pk,
        )
        for m in memberships
    ]
    pending: list[Invitation] = []
    if manage:
        pending = list(
            Invitation.objects.filter(
                Q(organization=organization), accepted_at__isnull=True, revoked_at__isnull=True
            ).select_related("invited_by")
        )
    return PeopleView(organization=organization, can_manage=manage, people=people, pending=pending)


def invitations_recent(*, limit: int = 50) -> QuerySet[Invitation]:
    """The operators' invitations page: the latest invitations of every organization."""
    return Invitation.objects.select_related("organization", "invited_by")[:limit]
