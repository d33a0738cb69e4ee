"""Pages of the limit-technology desk. Every object comes through a selector that checks who may see
it; every write through a service that checks who may do it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ppuri.challenges import selectors
from ppuri.challenges.models import ChallengeAttachment, Expert
from ppuri.challenges.routing import rank_experts
from ppuri.core.permissions import is_operator


@login_required
def challenge_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.challenges_visible_to(request.user).select_related("company", "technology")
    context = {
        "challenges": visible[:200],
        "offers": selectors.expert_offers(request.user)[:100],
        "overdue": selectors.overdue() if is_operator(request.user) else None,
    }
    return render(request, "challenges/challenge_list.html", context)


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    party = selectors.is_party(request.user, challenge)
    operator = is_operator(request.user)
    context = {
        "challenge": challenge,
        "party": party,
        "operator": operator,
        "attachments": challenge.attachments.all() if party else [],
        "offers": challenge.offers.select_related("expert__organization") if party else [],
        "consultations": challenge.consultations.select_related("expert") if party else [],
        "proposals": rank_experts(challenge) if operator and challenge.technology_id else [],
    }
    return render(request, "challenges/challenge_detail.html", context)


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    if not selectors.is_party(request.user, challenge):
        raise Http404  # a public challenge's files stay with its parties
    found = get_object_or_404(ChallengeAttachment, pk=attachment_pk, challenge=challenge)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's professional profile, for signed-in users (no personal data is kept on it)."""
    expert = get_object_or_404(
        Expert.objects.select_related("organization").prefetch_related(
            "technologies", "processes", "materials", "defects"
        ),
        pk=pk,
    )
    return render(request, "challenges/expert_detail.html", {"expert": expert})
