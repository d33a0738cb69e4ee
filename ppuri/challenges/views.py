"""Pages of the limit-technology desk. Every object comes through a selector that checks who may see
it; every write through a service that checks who may do it."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.challenges import selectors, services
from ppuri.challenges.forms import (
    ChallengeForm,
    ConsultationForm,
    DeclineForm,
    OfferForm,
    RateForm,
    ResolveForm,
    TriageForm,
)
from ppuri.challenges.models import Challenge, ChallengeAttachment, ConsultationAttachment, Expert, Offer
from ppuri.challenges.routing import rank_experts
from ppuri.challenges.triage import suggestion_for_reader
from ppuri.core.access import Action
from ppuri.core.files import download
from ppuri.core.forms import add_service_errors, form_errors_text
from ppuri.core.permissions import is_operator
from ppuri.registry.models import Organization
from ppuri.registry.selectors import is_member, organizations_of


def _member_companies(user: Any) -> list[Organization]:
    """The organizations this user may post a case for: their companies, and their institution only
    when an operator allowed it (accounts.roles)."""
    if not roles.may_post_challenge(user):
        return []
    organizations = organizations_of(user)
    if not roles.is_institution_allowed_to_post(user):
        organizations = organizations.filter(kind=Organization.Kind.COMPANY)
    return list(organizations)


@role_required(roles.may_follow_challenges)
def challenge_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.challenges_visible_to(request.user).select_related("company", "technology")
    context: dict[str, Any] = {
        "challenges": visible[:200],
        "offers": selectors.expert_offers(request.user)[:100],
        "can_post": bool(_member_companies(request.user)),
    }
    if is_operator(request.user):
        lists = selectors.overdue()
        labels = {"triage": _("분류 대기"), "first_contact": _("첫 자문 대기"), "resolution": _("결과 대기")}
        context["overdue"] = True
        context["overdue_clocks"] = [
            (lists[name].select_related("company")[:50], label) for name, label in labels.items()
        ]
    return render(request, "challenges/challenge_list.html", context)


@role_required(roles.may_post_challenge)
def challenge_create(request: HttpRequest) -> HttpResponse:
    companies = _member_companies(request.user)
    if not companies:
        raise PermissionDenied
    form = ChallengeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = request.POST.get("company")
        company = next((c for c in companies if str(c.pk) == chosen), None if chosen else companies[0])
        if company is None:  # not one of the user's companies: never post under another one
            raise PermissionDenied
        try:
            created = services.challenge_create(
                actor=request.user,
                company=company,
                title=data["title"],
                description=data["description"],
                technology=data["technology"],
                process=data["process"],
                material=data["material"],
                defect=data["defect"],
                urgency=data["urgency"],
                confidentiality=data["confidentiality"],
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("과제를 접수했습니다. 운영기관이 분류해 전문가를 찾습니다."))
            return redirect(created)
    return render(request, "challenges/challenge_form.html", {"form": form, "companies": companies})


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    return _detail_page(request, challenge)


def _detail_page(request: HttpRequest, challenge: Challenge, **posted: forms.Form) -> HttpResponse:
    """The case's page. After a refused step its form comes back as it was posted (`posted`, by its
    name on the page): what was typed is kept and each error sits at its field."""
    party = selectors.is_party(request.user, challenge)
    operator = is_operator(request.user)
    expert = services.expert_of(request.user)
    my_offer = challenge.offers.filter(expert=expert).first() if expert else None
    member = is_member(user=request.user, organization_id=challenge.company_id)
    context: dict[str, Any] = {
        "challenge": challenge,
        "party": party,
        "operator": operator,
        "member": member,
        "my_offer": my_offer,
        "attachments": challenge.attachments.all() if party else [],
        "offers": challenge.offers.select_related("expert__organization") if party else [],
        "consultations": challenge.consultations.select_related("expert").prefetch_related("attachments")
        if party
        else [],
    }
    services.challenge_read_record(
        request=request, reader=request.user, challenge=challenge, party=party, action=Action.VIEW
    )
    Status = Challenge.Status
    if operator and challenge.suggestion:
        context["suggestion"] = suggestion_for_reader(challenge.suggestion)
    if operator and challenge.status in (Status.SUBMITTED, Status.TRIAGED):
        context["triage_form"] = TriageForm(initial=_triage_initial(challenge))
    if operator and challenge.technology_id and challenge.status in (Status.TRIAGED, Status.OFFERED):
        context["proposals"] = rank_experts(challenge, limit=10)
    if my_offer and my_offer.status == Offer.Status.OFFERED:
        context["decline_form"] = DeclineForm()
    accepted = my_offer is not None and my_offer.status == Offer.Status.ACCEPTED
    if challenge.status == Status.IN_PROGRESS and (accepted or operator):
        context["consultation_form"] = ConsultationForm()
        context["resolve_form"] = ResolveForm()
    if member and challenge.status == Status.RESOLVED:
        context["rate_form"] = RateForm()
    context["can_withdraw"] = (member or operator) and challenge.status in services.WITHDRAWABLE
    # A company's own case can become a graduate-school project (graduate.services.project_propose).
    context["can_propose_project"] = member and challenge.status != Status.WITHDRAWN
    context["can_publish"] = (
        operator
        and challenge.status == Status.CLOSED
        and challenge.publish_consent
        and challenge.outcome in (Challenge.Outcome.SOLVED, Challenge.Outcome.PARTLY)
        and not hasattr(challenge, "article")
    )
    for name, form in posted.items():
        if name in context:
            context[name] = form
        else:  # the step is no longer offered here (the case moved on): its errors above the page
            messages.error(request, form_errors_text(form))
    return render(request, "challenges/challenge_detail.html", context)


def _triage_initial(challenge: Challenge) -> dict[str, str]:
    """The current values, or where none is set yet, the classifier's proposal."""
    initial = {}
    for name in ("technology", "process", "material", "defect"):
        current = getattr(challenge, name)
        initial[name] = current.slug if current else (challenge.suggestion.get(name) or {}).get("slug", "")
    return initial


def _act(
    request: HttpRequest,
    challenge: Challenge,
    action: Callable[[], Any],
    done: str,
    form: forms.Form | None = None,
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:  # the service's refusal at the field it names, like the form's own errors
            add_service_errors(form, exc)
            return _form_error(request, challenge, form)
    else:
        messages.success(request, done)
    return redirect("challenges:detail", pk=challenge.pk)


# Each step's form by its name on the case's page, where a refused step shows it again.
_STEP_FORMS: dict[type[forms.Form], str] = {
    TriageForm: "triage_form",
    DeclineForm: "decline_form",
    ConsultationForm: "consultation_form",
    ResolveForm: "resolve_form",
    RateForm: "rate_form",
}


def _form_error(request: HttpRequest, challenge: Challenge, form: Any) -> HttpResponse:
    """A refused step: the case's page again, not a redirect, so nothing typed is lost. A form the page
    does not show as such (ticked boxes) is said in a message above it."""
    name = _STEP_FORMS.get(type(form))
    if name is None:
        messages.error(request, form_errors_text(form))
        return redirect("challenges:detail", pk=challenge.pk)
    challenge.refresh_from_db()  # as stored: the refused service may have changed the instance
    return _detail_page(request, challenge, **{name: form})


def _step(service: Callable[..., Any], done: str, form_class: type[forms.Form] | None = None) -> Any:
    """A POST-only page that takes a case one step on through a service, with the fields of a form
    whose names are the service's arguments (triage, result, rating) or none (withdraw)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
        data: dict[str, Any] = {}
        form = None
        if form_class is not None:
            form = form_class(request.POST, request.FILES)
            if not form.is_valid():
                return _form_error(request, challenge, form)
            data = form.cleaned_data
        return _act(
            request,
            challenge,
            lambda: service(actor=request.user, challenge=challenge, **data),
            _(done),
            form,
        )

    return view


triage = _step(services.challenge_triage, gettext_noop("분류를 확정했습니다."), TriageForm)
resolve = _step(services.challenge_resolve, gettext_noop("결과를 보고했습니다."), ResolveForm)
rate = _step(services.challenge_rate, gettext_noop("평가를 남기고 과제를 종료했습니다."), RateForm)
withdraw = _step(services.challenge_withdraw, gettext_noop("과제를 철회했습니다."))


@login_required
@require_POST
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    """One offer per expert ticked, or none: an id that names no expert is refused, not skipped."""
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    form = OfferForm(request.POST)
    if not form.is_valid():
        return _form_error(request, challenge, form)
    experts = list(form.cleaned_data["expert"])
    return _act(
        request,
        challenge,
        lambda: services.offers_create(actor=request.user, challenge=challenge, experts=experts),
        _("전문가에게 자문을 요청했습니다."),
    )


def _offer_of(request: HttpRequest, pk: int, offer_pk: int) -> tuple[Challenge, Offer]:
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    return challenge, selectors.offer_get_for_user(user=request.user, pk=offer_pk, challenge_pk=challenge.pk)


@login_required
@require_POST
def route_batch(request: HttpRequest) -> HttpResponse:
    """Operators: offer every triaged case at once, load spread and no expert over capacity."""
    if not is_operator(request.user):
        raise PermissionDenied
    waiting = Challenge.objects.filter(status=Challenge.Status.TRIAGED).select_related(
        "technology", "process", "material", "defect"
    )
    made = services.offers_assign_batch(actor=request.user, challenges=waiting)
    routed = sum(1 for offers in made.values() if offers)
    messages.success(
        request,
        _("분류된 과제 %(total)d건 중 %(routed)d건을 전문가에게 배정했습니다.")
        % {"total": len(made), "routed": routed},
    )
    return redirect("challenges:list")


@login_required
@require_POST
def accept(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    challenge, found = _offer_of(request, pk, offer_pk)
    return _act(
        request,
        challenge,
        lambda: services.offer_accept(actor=request.user, offer=found),
        _("과제를 맡았습니다."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    challenge, found = _offer_of(request, pk, offer_pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _form_error(request, challenge, form)
    reason = form.cleaned_data["reason"]
    return _act(
        request,
        challenge,
        lambda: services.offer_decline(actor=request.user, offer=found, reason=reason),
        _("자문 요청을 거절했습니다."),
        form,
    )


@login_required
@require_POST
def consult(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    form = ConsultationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_error(request, challenge, form)
    data = form.cleaned_data
    expert = services.expert_of(request.user)
    if expert is None and is_operator(request.user):
        accepted = challenge.offers.filter(status=Offer.Status.ACCEPTED).select_related("expert").first()
        expert = accepted.expert if accepted else None
    return _act(
        request,
        challenge,
        lambda: services.consultation_log(
            actor=request.user,
            challenge=challenge,
            held_on=data["held_on"],
            mode=data["mode"],
            hours=data["hours"],
            notes=data["notes"],
            attachments=data["attachments"],
            expert=expert,
        ),
        _("자문을 기록했습니다."),
        form,
    )


def consultation_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A consultation's file: for the parties of the case only, like the case's own files."""
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    if not selectors.is_party(request.user, challenge):
        raise Http404
    found = get_object_or_404(ConsultationAttachment, pk=file_pk, consultation__challenge=challenge)
    return download(request, found)


def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    challenge = selectors.challenge_get_for_user(user=request.user, pk=pk)
    if not selectors.is_party(request.user, challenge):
        raise Http404  # a public challenge's files stay with its parties
    found = get_object_or_404(ChallengeAttachment, pk=attachment_pk, challenge=challenge)
    return download(request, found)


@login_required
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's professional profile, for signed-in users (no personal data is kept on it)."""
    expert = get_object_or_404(
        Expert.objects.select_related("organization").prefetch_related(
            "technologies", "processes", "materials", "defects"
        ),
        pk=pk,
    )
    record = expert.offers.filter(status=Offer.Status.COMPLETED).values("challenge__outcome")
    context = {
        "expert": expert,
        "completed": record.count(),
        "solved": record.filter(
            challenge__outcome__in=[Challenge.Outcome.SOLVED, Challenge.Outcome.PARTLY]
        ).count(),
    }
    return render(request, "challenges/expert_detail.html", context)
