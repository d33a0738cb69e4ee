"""The back office (Django's admin at /admin/) opens only to a session that passed its second factor,
whatever the role. Its own password-only login form is never used: Ppuri's sign-in and second-factor
pages are the one way in."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ppuri.accounts.security.selectors import second_factor_verified
from ppuri.accounts.security.sessions import ENROLLED_KEY


class BackOfficeSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_verified(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(wanted, reverse("accounts:login"))
        if not second_factor_verified(request.user):
            # Enrolment sends on to verification's destination as well; both take `next`.
            url_name = "accounts:mfa_verify" if request.session.get(ENROLLED_KEY) else "accounts:mfa_setup"
            return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: wanted})}")
        raise PermissionDenied  # signed in with both factors, but not staff
