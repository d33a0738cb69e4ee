"""Who sees which challenge (deny by default; 404 for what one may not know exists).

- Operators see every challenge.
- The company's members see their own company's challenges.
- An expert sees the challenges offered to them while the offer stands (the description only: files,
  offers and consultations once they accept), and those they accepted or completed; a declined or
  withdrawn offer ends the access.
- A public challenge (공개 과제) is seen by everyone, signed in or not; its files and its log of
  consultations stay with the parties above.
- A confidential challenge is seen by nobody else.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ppuri.challenges.models import (
    Challenge,
    ChallengeAttachment,
    Consultation,
    ConsultationAttachment,
    Expert,
    Offer,
)
from ppuri.core.permissions import is_operator

# Offers whose expert sees the case (its description), and those whose expert works on it.
SEEING = (Offer.Status.OFFERED, Offer.Status.ACCEPTED, Offer.Status.COMPLETED)
ASSIGNED = (Offer.Status.ACCEPTED, Offer.Status.COMPLETED)


def _party(user: Any, statuses: tuple[str, ...] = SEEING) -> Q:
    """The challenges this user's company posted, or whose offer to this user has one of `statuses`."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(company__memberships__user=user) | Q(offers__expert__user=user, offers__status__in=statuses)


def challenges_visible_to(user: Any) -> QuerySet[Challenge]:
    if is_operator(user):
        return Challenge.objects.all()
    public = Q(confidentiality=Challenge.Confidentiality.PUBLIC) & ~Q(status=Challenge.Status.WITHDRAWN)
    return Challenge.objects.filter(public | _party(user)).distinct()


def challenge_get_for_user(*, user: Any, pk: int) -> Challenge:
    found = (
        challenges_visible_to(user)
        .filter(pk=pk)
        .select_related("company", "technology", "process", "material", "defect")
        .first()
    )
    if found is None:
        raise Http404
    return found


def is_party(user: Any, challenge: Challenge) -> bool:
    """May see the files, the offers and the consultation log: operators, the company and the experts
    who accepted the case. An expert still deciding on an offer sees the description only."""
    return is_operator(user) or Challenge.objects.filter(_party(user, ASSIGNED), pk=challenge.pk).exists()


def _cases_worked_on(user: Any) -> QuerySet[Challenge]:
    """The cases whose files, offers and consultations this user may read (see is_party)."""
    if is_operator(user):
        return Challenge.objects.all()
    return Challenge.objects.filter(_party(user, ASSIGNED))


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Every offer of a case one is a party to, and one's own offer while it stands or was taken."""
    if is_operator(user):
        return Offer.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Offer.objects.none()
    return Offer.objects.filter(
        Q(challenge__in=_cases_worked_on(user).values("pk")) | Q(expert__user=user, status__in=SEEING)
    )


def offer_get_for_user(*, user: Any, pk: int, challenge_pk: int | None = None) -> Offer:
    """The one way pages and the API fetch an offer: 404 unless the viewer may see it (and, given a
    case, unless it belongs to that case)."""
    offers = offers_visible_to(user).filter(pk=pk)
    if challenge_pk is not None:
        offers = offers.filter(challenge_id=challenge_pk)
    found = offers.select_related("expert__organization", "challenge").first()
    if found is None:
        raise Http404
    return found


def consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.filter(challenge__in=_cases_worked_on(user).values("pk"))


def challenge_attachments_visible_to(user: Any) -> QuerySet[ChallengeAttachment]:
    return ChallengeAttachment.objects.filter(challenge__in=_cases_worked_on(user).values("pk"))


def consultation_attachments_visible_to(user: Any) -> QuerySet[ConsultationAttachment]:
    return ConsultationAttachment.objects.filter(
        consultation__challenge__in=_cases_worked_on(user).values("pk")
    )


def experts_visible_to(user: Any) -> QuerySet[Expert]:
    """Expert profiles are for signed-in users (their search documents say the same)."""
    if not getattr(user, "is_authenticated", False):
        return Expert.objects.none()
    return Expert.objects.all()


def expert_offers(user: Any) -> QuerySet[Offer]:
    """An expert's inbox: the offers that stand or that they took, newest first (a declined or
    withdrawn one is gone with the access to its case)."""
    if not getattr(user, "is_authenticated", False):
        return Offer.objects.none()
    return (
        Offer.objects.filter(expert__user=user, status__in=SEEING)
        .select_related("challenge", "challenge__company")
        .order_by("-created_at")
    )


def experts_for_operator(user: Any) -> QuerySet[Expert]:
    if not is_operator(user):
        raise Http404
    return Expert.objects.select_related("organization")


# Service-level targets of the desk, in days (Ppuri's policy, set by the operator; not a legal term).
SLA_DAYS = {
    "triage": settings.PPURI_CHALLENGE_SLA_TRIAGE_DAYS,
    "first_contact": settings.PPURI_CHALLENGE_SLA_FIRST_CONTACT_DAYS,
    "resolution": settings.PPURI_CHALLENGE_SLA_RESOLUTION_DAYS,
}


def overdue(now: Any = None) -> dict[str, QuerySet[Challenge]]:
    """The open challenges past each SLA clock, counted from submission: not yet triaged, no
    consultation yet, no result yet."""
    now = now or timezone.now()
    open_cases = Challenge.objects.exclude(status__in=[Challenge.Status.CLOSED, Challenge.Status.WITHDRAWN])
    due = {name: now - timedelta(days=days) for name, days in SLA_DAYS.items()}
    return {
        "triage": open_cases.filter(triaged_at=None, created_at__lt=due["triage"]),
        "first_contact": open_cases.filter(first_contact_at=None, created_at__lt=due["first_contact"]),
        "resolution": open_cases.filter(resolved_at=None, created_at__lt=due["resolution"]),
    }
