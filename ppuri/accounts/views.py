from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles, selectors, services
from ppuri.accounts.forms import ApiTokenForm
from ppuri.accounts.models import Role
from ppuri.core import attention
from ppuri.core.forms import add_service_errors


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                expires_at=timezone.now() + timedelta(days=form.cleaned_data["valid_days"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = ApiTokenForm()
    response = render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": selectors.api_tokens_of(user=request.user), "new_key": new_key},  # type: ignore[arg-type]
    )
    response["Cache-Control"] = "no-store"  # the new key is on this page once
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("토큰을 폐기했습니다."))
    return redirect("accounts:api_tokens")


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """Where each role lands after signing in: what needs its attention now (core.attention, fed by
    the apps) and, for the modules not built yet, an honest "coming"."""
    role = roles.role_of(request.user) or ""
    return render(
        request,
        "accounts/workspace.html",
        {
            "attention": attention.attention_for(request.user, role=role),
            "coming": attention.coming_for(role=role),
            "role_label": Role(role).label if role in Role.values else "",
        },
    )
