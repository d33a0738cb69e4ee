from django.contrib.auth import views as auth_views
from django.urls import path

from ppuri.accounts import views
from ppuri.accounts.security import views as security_views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("mfa/", security_views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", security_views.mfa_verify, name="mfa_verify"),
    path("security/", security_views.security, name="security"),
    path("security/recovery-codes/", security_views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("security/mfa/disable/", security_views.mfa_disable, name="mfa_disable"),
    path("security/sessions/end-others/", security_views.sessions_end_others, name="sessions_end_others"),
    path("password_change/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
