from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts.joining import notice, services, throttles
from ppuri.accounts.joining.forms import EmailForm, LoginForm, SignupForm
from ppuri.accounts.joining.tokens import LinkProblem, verification_read
from ppuri.accounts.selectors import standing_consents
from ppuri.core.access import client_ip

BACKEND = "ppuri.accounts.backends.EmailOrUsernameBackend"


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            throttles.spend("signup", ip=client_ip(request), email=email)
        except throttles.Limited as limited:
            return throttles.too_many(request, limited)
        try:
            services.signup_register(
                email=email,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
                role=form.cleaned_data["kind"],
                optional_purposes=form.optional_purposes(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The same page whether the address was new or known: see services.signup_register.
            request.session["ppuri_signup_email"] = email
            return redirect("accounts:signup_sent")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "purposes": notice.PURPOSES, "version": notice.NOTICE_VERSION},
    )


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/signup_sent.html",
        {
            "email": request.session.get("ppuri_signup_email", ""),
            "hours": settings.PPURI_EMAIL_VERIFICATION_HOURS,
        },
    )


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners open links, and a GET must not sign anyone in."""
    try:
        if request.method == "POST":
            user = services.email_verify(token=token)
            login(request, user, backend=BACKEND)
            messages.success(request, _("전자우편 주소를 확인했습니다. 환영합니다."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        verification_read(token)
    except LinkProblem as problem:
        return render(
            request,
            "accounts/verify_failed.html",
            {
                "expired": problem.expired,
                "form": EmailForm(),
                "hours": settings.PPURI_EMAIL_VERIFICATION_HOURS,
            },
            status=400,
        )
    return render(request, "accounts/verify.html")


def verification_resend(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            throttles.spend("resend", ip=client_ip(request), email=email)
        except throttles.Limited as limited:
            return throttles.too_many(request, limited)
        services.verification_resend(email=email)
        request.session["ppuri_signup_email"] = email
        return redirect("accounts:signup_sent")
    return render(request, "accounts/verification_resend.html", {"form": form})


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    standing = standing_consents(user=request.user)  # type: ignore[arg-type]
    rows = [(item, standing.get(item.purpose.value)) for item in notice.PURPOSES]
    history = request.user.consents.order_by("-given_at")  # type: ignore[union-attr]
    return render(
        request,
        "accounts/consents.html",
        {"rows": rows, "history": history, "version": notice.NOTICE_VERSION},
    )


@login_required
@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    purpose, action = request.POST.get("purpose", ""), request.POST.get("action", "")
    try:
        if action == "give":
            services.consent_give(user=request.user, purpose=purpose)  # type: ignore[arg-type]
            messages.success(request, _("동의했습니다."))
        elif action == "withdraw":
            services.consent_withdraw(user=request.user, purpose=purpose)  # type: ignore[arg-type]
            messages.success(request, _("동의를 철회했습니다."))
        else:
            messages.error(request, _("알 수 없는 요청입니다."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("accounts:consents")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/privacy.html",
        {
            "purposes": notice.PURPOSES,
            "version": notice.NOTICE_VERSION,
            "effective": notice.EFFECTIVE_DATE,
            "unverified_days": settings.PPURI_UNVERIFIED_SIGNUP_DAYS,
            "access_record_days": settings.PPURI_ACCESS_RECORD_RETENTION_DAYS,
        },
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view (the same answer for known and unknown addresses), limited per client and address."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            throttles.spend("reset", ip=client_ip(self.request), email=form.cleaned_data["email"])
        except throttles.Limited as limited:
            return throttles.too_many(self.request, limited)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link came by mail, so the address is the person's: a sign-up still waiting is confirmed.
        user = form.user
        if user.awaiting_email_verification:
            user.awaiting_email_verification = False
            user.email_verified_at = timezone.now()  # saved with the new password by form.save()
        return super().form_valid(form)
