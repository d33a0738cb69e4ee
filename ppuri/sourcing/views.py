"""Pages of the sourcing round. Every object comes through a selector that checks who may see it;
every write through a service that checks who may do it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.access import Action, Kind, access_record
from ppuri.core.files import download
from ppuri.core.forms import add_service_errors, form_errors_text
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_of
from ppuri.sourcing import maps, selectors, services
from ppuri.sourcing.forms import DeclineForm, QuoteForm, RequestForm, StepsForm
from ppuri.sourcing.matching import match
from ppuri.sourcing.models import Invitation, RequestAttachment, SourcingRequest


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@role_required(roles.may_use_sourcing)
def request_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sourcing/request_list.html",
        {
            "mine": selectors.requests_of_buyer(request.user)[:100],
            "inbox": selectors.supplier_inbox(request.user)[:100],
            "organizations": organizations_of(request.user),
        },
    )


@role_required(roles.may_post_sourcing_request)
def request_create(request: HttpRequest) -> HttpResponse:
    organizations = list(organizations_of(request.user))
    if not organizations:
        raise PermissionDenied
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        buyer = organizations[0]
        if len(organizations) > 1:
            buyer = next(
                (o for o in organizations if str(o.pk) == request.POST.get("buyer")), organizations[0]
            )
        fields = {name: data[name] for name in RequestForm.Meta.fields}
        try:
            created = services.request_create(
                actor=request.user,
                buyer=buyer,
                processes=_ordered(request, data["processes"]),
                certifications=data["certifications"],
                complexes=data["complexes"],
                attachments=data["attachments"],
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(created)
    return render(request, "sourcing/request_form.html", {"form": form, "organizations": organizations})


def _ordered(request: HttpRequest, processes: Any) -> list[Any]:
    """The chosen processes in the order they were posted (the buyer's order of work)."""
    chosen = {str(p.pk): p for p in processes}
    return [chosen[key] for key in dict.fromkeys(request.POST.getlist("processes")) if key in chosen]


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
    return _detail_page(request, sourcing)


def _detail_page(request: HttpRequest, sourcing: SourcingRequest, **posted: Form) -> HttpResponse:
    """The request's page. After a refused step its form comes back as it was posted (`posted`, by its
    name on the page): what was typed is kept and each error sits at its field."""
    buyer_view = selectors.is_buyer(request.user, sourcing)
    context: dict[str, Any] = {
        "sourcing": sourcing,
        "buyer_view": buyer_view,
        "steps": list(sourcing.steps.select_related("process")),
        "attachments": sourcing.attachments.all(),
        "invitations": selectors.invitations_visible_to(request.user, sourcing),
        "quotes": selectors.quotes_visible_to(request.user, sourcing).order_by("price_krw"),
    }
    if buyer_view and context["quotes"]:  # the suppliers' quotes: confidential to them and the buyer
        access_record(request=request, target=sourcing, kind=Kind.QUOTE, action=Action.VIEW)
    if buyer_view:
        if sourcing.status == SourcingRequest.Status.DRAFT:
            context["steps_form"] = StepsForm(initial={"processes": [s.process for s in context["steps"]]})
        if context["steps"]:
            result = match(selectors.request_spec(sourcing))
            invited = {i.supplier_id for i in context["invitations"]}
            context["result"] = result
            context["candidates"] = [
                (step, result.suppliers.get(step.process.slug, [])) for step in context["steps"]
            ]
            context["invited"] = invited
            step_of = {step.process_id: step.pk for step in context["steps"]}
            context["chains"] = [
                (
                    chain,
                    maps.chain_map(chain),
                    [f"{s.candidate.organization_id}:{step_of[s.process.pk]}" for s in chain.steps],
                )
                for chain in result.chains
            ]
    else:
        mine = [i for i in context["invitations"]]
        invitation = context["invitation"] = mine[0] if mine else None
        supplier = context["supplier"] = _supplier_of(request, sourcing, invitation)
        answering = (Invitation.Status.INVITED, Invitation.Status.QUOTED)
        if sourcing.status == SourcingRequest.Status.OPEN and (
            invitation.status in answering if invitation else supplier is not None
        ):
            context["quote_form"] = QuoteForm()
            if invitation is not None:
                context["decline_form"] = DeclineForm()
    for name, form in posted.items():
        if name in context:
            context[name] = form
        else:  # a form this viewer is not offered: its errors above the page
            messages.error(request, form_errors_text(form))
    return render(request, "sourcing/request_detail.html", context)


def _supplier_of(
    request: HttpRequest, sourcing: SourcingRequest, invitation: Invitation | None
) -> Organization | None:
    if invitation is not None:
        return invitation.supplier
    return organizations_of(request.user).exclude(pk=sourcing.buyer_id).first()


def _act(request: HttpRequest, sourcing: SourcingRequest, action: Any, done: str) -> HttpResponse:
    try:
        # One action may be several service calls (inviting a whole chain): all of them or none.
        with transaction.atomic():
            action()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect(sourcing)


def _act_on_form(
    request: HttpRequest, sourcing: SourcingRequest, name: str, form: Form, action: Any, done: str
) -> HttpResponse:
    """A step with typed input (steps, a quote, a reason): when the form or the service refuses it, the
    page comes back with the form as posted, not a redirect, so nothing typed is lost."""
    if form.is_valid():
        try:
            with transaction.atomic():
                action()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(sourcing)
    sourcing.refresh_from_db()  # as stored: the refused service may have changed the instance
    return _detail_page(request, sourcing, **{name: form})


@login_required
@require_POST
def request_steps(request: HttpRequest, pk: int) -> HttpResponse:
    sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
    form = StepsForm(request.POST)
    return _act_on_form(
        request,
        sourcing,
        "steps_form",
        form,
        lambda: services.request_steps_set(actor=request.user, request=sourcing, processes=form.ordered()),
        _("공정을 확정했습니다."),
    )


def _transition(service: Any, done: str) -> Any:
    """A POST-only page that moves a request on through one service (open, cancel, close)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
        return _act(request, sourcing, lambda: service(actor=request.user, request=sourcing), _(done))

    return view


request_open = _transition(services.request_open, gettext_noop("견적 요청을 열었습니다."))
request_cancel = _transition(services.request_cancel, gettext_noop("견적 요청을 취소했습니다."))
request_close = _transition(services.request_close, gettext_noop("견적 요청을 발주 없이 마감했습니다."))


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite one supplier for some steps, or every supplier of a chain for its steps."""
    sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
    if not selectors.is_buyer(request.user, sourcing):
        raise PermissionDenied
    steps = {str(s.pk): s for s in sourcing.steps.select_related("process")}
    pairs = [value.split(":", 1) for value in request.POST.getlist("invite") if ":" in value]
    by_supplier: dict[str, list[Any]] = {}
    for supplier_id, step_id in pairs:
        if step_id in steps:
            by_supplier.setdefault(supplier_id, []).append(steps[step_id])
    if not by_supplier:
        messages.error(request, _("초대할 기업과 공정을 고르세요."))
        return redirect(sourcing)

    def run() -> None:
        for supplier_id, chosen in by_supplier.items():
            supplier = Organization.objects.filter(pk=supplier_id if supplier_id.isdigit() else 0).first()
            if supplier is None:
                raise ValidationError(_("없는 기업입니다."))
            services.invitation_create(actor=request.user, request=sourcing, supplier=supplier, steps=chosen)

    return _act(request, sourcing, run, _("견적을 요청했습니다."))


@login_required
@require_POST
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
    supplier = _supplier_of(
        request, sourcing, selectors.invitations_visible_to(request.user, sourcing).first()
    )
    form = QuoteForm(request.POST, request.FILES)
    if supplier is None:
        raise PermissionDenied
    return _act_on_form(
        request,
        sourcing,
        "quote_form",
        form,
        lambda: services.quote_submit(
            actor=request.user,
            request=sourcing,
            supplier=supplier,
            price_krw=form.cleaned_data["price_krw"],
            lead_time_days=form.cleaned_data["lead_time_days"],
            valid_until=form.cleaned_data["valid_until"],
            notes=form.cleaned_data["notes"],
            attachments=form.cleaned_data["attachments"],
        ),
        _("견적을 보냈습니다."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
    invitation = (
        selectors.invitations_visible_to(request.user, sourcing)
        .filter(supplier__in=organizations_of(request.user))
        .first()
    )
    if invitation is None:
        raise PermissionDenied
    form = DeclineForm(request.POST)
    return _act_on_form(
        request,
        sourcing,
        "decline_form",
        form,
        lambda: services.invitation_decline(
            actor=request.user, invitation=invitation, reason=form.cleaned_data["reason"]
        ),
        _("사양했습니다."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, pk: int, quote_pk: int) -> HttpResponse:
    """Awarding binds the buyer to a supplier and cannot be undone, so it has a page of its own that
    says so (GET), whose button awards (POST); see docs/adr/0006-confirming-actions.md."""
    found = selectors.quote_get_for_buyer(user=request.user, pk=quote_pk)
    if found.invitation.request_id != pk:
        raise Http404
    sourcing = found.invitation.request
    if request.method == "GET":
        access_record(request=request, target=sourcing, kind=Kind.QUOTE, action=Action.VIEW)
        steps = found.invitation.steps.select_related("process")
        return render(
            request, "sourcing/award_confirm.html", {"sourcing": sourcing, "quote": found, "steps": steps}
        )
    return _act(
        request,
        sourcing,
        lambda: services.quote_award(actor=request.user, quote=found),
        _("견적을 선정했습니다."),
    )


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    sourcing = selectors.request_get_for_user(user=request.user, pk=pk)
    found = get_object_or_404(RequestAttachment, pk=attachment_pk, request=sourcing)
    return download(request, found)
