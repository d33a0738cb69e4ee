import csv
import io
import json
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ppuri.accounts import roles, selectors, services
from ppuri.accounts.forms import AccountDeleteForm, ApiTokenForm, EmailChangeForm, ProfileForm
from ppuri.accounts.joining import throttles
from ppuri.accounts.models import Role
from ppuri.core import attention, personal_data
from ppuri.core.access import Action, client_ip
from ppuri.core.forms import add_service_errors
from ppuri.core.spreadsheets import spreadsheet_text


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


# --- my data (내 정보): see, download, correct, delete -------------------------------------------


def _my_data_page(request: HttpRequest, **forms: Any) -> HttpResponse:
    user: Any = request.user
    context = {
        "sections": services.my_data_read(request=request, user=user, action=Action.VIEW),
        "profile_form": forms.get("profile_form") or ProfileForm(initial={"display_name": user.display_name}),
        "email_form": forms.get("email_form") or EmailChangeForm(),
    }
    return render(request, "accounts/my_data.html", context)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return _my_data_page(request)


@login_required
def my_data_download(request: HttpRequest, fmt: str = "") -> HttpResponse:
    fmt = fmt or request.GET.get("format", "json")
    if fmt not in ("json", "csv"):
        raise Http404
    user: Any = request.user
    sections = services.my_data_read(request=request, user=user, action=Action.DOWNLOAD)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "json":
        response = HttpResponse(
            json.dumps(personal_data.as_json(user, sections), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        buffer = io.StringIO()
        buffer.write("\ufeff")  # the byte-order mark: Excel reads the Korean as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(["section", "field", "value"])
        for section in sections:
            for row in section.rows:
                writer.writerow([spreadsheet_text(text) for text in (section.title, row.field, row.value)])
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ppuri-my-data-{stamp}.{fmt}"'
    return response


@login_required
@require_POST
def my_data_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.profile_update(user=request.user, display_name=form.cleaned_data["display_name"])  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("표시 이름을 고쳤습니다."))
            return redirect("accounts:my_data")
    return _my_data_page(request, profile_form=form)


@login_required
@require_POST
def my_data_email(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        try:
            services.email_change_request(user=request.user, email=form.cleaned_data["email"])  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("새 주소로 확인 링크를 보냈습니다. 링크를 열어 확인하면 주소가 바뀝니다.")
            )
            return redirect("accounts:my_data")
    return _my_data_page(request, email_form=form)


@never_cache  # it shows an e-mail address to whoever holds the link: kept by no cache (core.page_cache)
def my_data_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link would change (mail scanners open links); POST changes it."""
    error = None
    found: dict[str, Any] = {}
    try:
        found = services.email_change_token_read(token=token)
        if request.method == "POST":
            services.email_change_confirm(token=token)
            messages.success(request, _("전자우편 주소를 바꿨습니다."))
            return redirect("accounts:my_data" if request.user.is_authenticated else "accounts:login")
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return render(
        request,
        "accounts/email_confirm.html",
        {"error": error, "email": found.get("email")},
        status=400 if error else 200,
    )


@login_required
def my_data_delete(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            throttles.spend("delete", ip=client_ip(request), account=user.pk)
        except throttles.Limited as limited:
            return throttles.too_many(request, limited)
        try:
            erasure = services.account_delete(user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            logout(request)
            # After logout: the new, anonymous session carries what was done to the next page.
            request.session[DELETED_SESSION_KEY] = {"erased": erasure.erased, "kept": erasure.kept}
            return redirect("accounts:my_data_deleted")
    deletes, keeps = personal_data.policy()
    context = {"form": form, "deletes": deletes, "keeps": keeps, "warnings": personal_data.warnings(user)}
    return render(request, "accounts/my_data_delete.html", context)


DELETED_SESSION_KEY = "ppuri_account_deleted"


def my_data_deleted(request: HttpRequest) -> HttpResponse:
    done = request.session.pop(DELETED_SESSION_KEY, None)
    if done is None:
        return redirect("home")
    _deletes, keeps = personal_data.policy()
    return render(request, "accounts/my_data_deleted.html", {"done": done, "keeps": keeps})
