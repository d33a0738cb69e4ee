"""The pages of the second factor and of sessions: enrolment, verification after the password, the
security page (status, recovery codes, turning it off, logging out other sessions) and the password
change. Thin: the rules are in mfa.py and sessions.py."""

from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from ppuri.accounts.security import mfa, sessions
from ppuri.accounts.security.forms import SecondFactorCodeForm, TotpCodeForm
from ppuri.accounts.security.selectors import (
    mfa_enrolled,
    mfa_required,
    recovery_codes_left,
    second_factor_verified,
    totp_device_of,
)
from ppuri.core.forms import add_service_errors


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"  # a key or recovery codes are on this page
    return response


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = _next_url(request)
    if mfa_enrolled(user=user):
        # A session that has not passed the factor it has must not enrol another one.
        if second_factor_verified(user):
            return redirect("accounts:security")
        return redirect(_with_next("accounts:mfa_verify", next_url))
    device = mfa.mfa_totp_pending(user=user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes, epoch = mfa.mfa_enrol(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            sessions.session_adopt_epoch(request=request, epoch=epoch)
            request.session[sessions.ENROLLED_KEY] = True
            django_otp.login(request, device)
            return _recovery_codes_page(request, codes=codes, next_url=next_url, enrolled=True)
    context = {
        "form": form,
        "qr_svg": mark_safe(mfa.totp_qr_svg(device)),  # noqa: S308 - drawn by segno from our own key
        "key_groups": mfa.totp_key_groups(device),
        "required": mfa_required(user),
        "next": next_url,
    }
    return _no_store(render(request, "accounts/mfa_setup.html", context))


def _recovery_codes_page(
    request: HttpRequest, *, codes: list[str], next_url: str, enrolled: bool
) -> HttpResponse:
    context = {"codes": codes, "next": next_url, "enrolled": enrolled}
    return _no_store(render(request, "accounts/mfa_recovery_codes.html", context))


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = _next_url(request)
    if second_factor_verified(user):
        return redirect(next_url)
    if not mfa_enrolled(user=user):
        request.session[sessions.ENROLLED_KEY] = False
        return redirect(_with_next("accounts:mfa_setup", next_url) if mfa_required(user) else next_url)
    request.session[sessions.ENROLLED_KEY] = True
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.mfa_check_code(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "복구 코드로 로그인했습니다. 남은 복구 코드는 %(left)d개입니다. "
                        "보안 설정에서 새로 만들 수 있습니다."
                    )
                    % {"left": recovery_codes_left(user=user)},
                )
            return redirect(next_url)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})


def _security_page(request: HttpRequest, **forms: BaseForm) -> HttpResponse:
    user: Any = request.user
    context = {
        "required": mfa_required(user),
        "device": totp_device_of(user=user),
        "codes_left": recovery_codes_left(user=user),
        "regenerate_form": forms.get("regenerate_form") or SecondFactorCodeForm(prefix="regenerate"),
        "disable_form": forms.get("disable_form") or SecondFactorCodeForm(prefix="disable"),
        "idle_minutes": sessions.idle_limit_seconds(user) // 60,
        "absolute_hours": settings.PPURI_SESSION_ABSOLUTE_HOURS,
    }
    return render(request, "accounts/security.html", context, status=400 if forms else 200)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return _security_page(request)


@login_required
@require_POST
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    form = SecondFactorCodeForm(request.POST, prefix="regenerate")
    if form.is_valid():
        try:
            codes = mfa.mfa_recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _recovery_codes_page(
                request, codes=codes, next_url=reverse("accounts:security"), enrolled=False
            )
    return _security_page(request, regenerate_form=form)


@login_required
@require_POST
def mfa_disable(request: HttpRequest) -> HttpResponse:
    form = SecondFactorCodeForm(request.POST, prefix="disable")
    if form.is_valid():
        try:
            mfa.mfa_disable(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[sessions.ENROLLED_KEY] = False
            messages.success(request, _("2단계 인증을 껐습니다."))
            return redirect("accounts:security")
    return _security_page(request, disable_form=form)


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    epoch = sessions.sessions_end_others(user=request.user)  # type: ignore[arg-type]
    sessions.session_adopt_epoch(request=request, epoch=epoch)
    messages.success(
        request, _("다른 기기의 세션을 모두 로그아웃했습니다. 이 브라우저는 로그인된 채로 남습니다.")
    )
    return redirect("accounts:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also ends the user's other sessions (sessions.password_changed)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # saves, and keeps this session (update_session_auth_hash)
        epoch = sessions.password_changed(user=form.user)
        sessions.session_adopt_epoch(request=self.request, epoch=epoch)
        messages.success(self.request, _("비밀번호를 바꿨습니다. 다른 기기의 세션은 로그아웃되었습니다."))
        return response
