from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ppuri.accounts import views
from ppuri.accounts.joining import views as joining

app_name = "accounts"

urlpatterns = [
    path("login/", joining.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", joining.signup, name="signup"),
    path("signup/sent/", joining.signup_sent, name="signup_sent"),
    path("verify/resend/", joining.verification_resend, name="verification_resend"),
    path("verify/<str:token>/", joining.verify, name="verify"),
    path("consents/", joining.consents, name="consents"),
    path("consents/change/", joining.consent_change, name="consent_change"),
    path("password_reset/", joining.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/", joining.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
