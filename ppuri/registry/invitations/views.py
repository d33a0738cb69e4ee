"""The people page of an organization (members, invitations, the invite form), the operators' page
for inviting institution staff, and the invitation link itself."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.core.forms import add_service_errors
from ppuri.core.permissions import operator_required
from ppuri.registry.invitations import selectors, services
from ppuri.registry.invitations.forms import AcceptForm, InviteForm, OperatorInviteForm
from ppuri.registry.invitations.selectors import LinkState


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def company_people(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for_people(user=request.user, pk=pk)
    view = selectors.people_view_for(user=request.user, organization=organization)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        organization = selectors.organization_get_for_inviting(user=request.user, pk=pk)
        if form.is_valid():
            try:
                services.invitation_create(actor=request.user, organization=organization, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("초대 메일을 보냈습니다."))
                return redirect("registry:company_people", pk=organization.pk)
    return _no_store(render(request, "registry/people.html", {"view": view, "form": form}))


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = selectors.invitation_get_for_admin(user=request.user, organization_pk=pk, pk=invitation_pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("초대를 취소했습니다."))
    return redirect("registry:company_people", pk=pk)


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_admin(user=request.user, organization_pk=pk, pk=membership_pk)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("구성원에서 내보냈습니다."))
    return redirect("registry:company_people", pk=pk)


@operator_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    form = OperatorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("초대 메일을 보냈습니다."))
            return redirect("registry:staff_invite")
    return _no_store(
        render(
            request,
            "registry/staff_invite.html",
            {"form": form, "invitations": selectors.invitations_recent()},
        )
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: the signed token is the permission. Every state is explained."""
    invitation, state = selectors.invitation_from_token(token)
    context: dict[str, object] = {"invitation": invitation, "state": state.value}
    if invitation is None or state is not LinkState.OPEN:
        status = 404 if state is LinkState.INVALID else 410
        return _no_store(render(request, "registry/invitation_accept.html", context, status=status))
    user = request.user
    if user.is_authenticated:
        context["mismatch"] = (user.email or "").lower() != invitation.email
        if request.method == "POST" and not context["mismatch"]:
            try:
                services.invitation_accept_existing(invitation=invitation, user=user)
            except ValidationError as exc:
                context["error"] = " ".join(exc.messages)
            else:
                messages.success(request, _("초대를 수락했습니다."))
                return redirect(invitation.organization)
        return _no_store(render(request, "registry/invitation_accept.html", context))
    if selectors.account_exists(email=invitation.email):
        context["needs_login"] = True
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return _no_store(render(request, "registry/invitation_accept.html", context))
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_new(
                invitation=invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, new_user, backend="ppuri.accounts.backends.EmailOrUsernameBackend")
            messages.success(request, _("계정을 만들고 초대를 수락했습니다."))
            return redirect(invitation.organization)
    context["form"] = form
    return _no_store(render(request, "registry/invitation_accept.html", context))
