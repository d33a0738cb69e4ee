from django.contrib.auth import views as auth_views
from django.urls import path

from ppuri.accounts import views
from ppuri.accounts.joining import views as joining
from ppuri.accounts.security import views as security_views

app_name = "accounts"

urlpatterns = [
    path("login/", joining.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("mfa/", security_views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", security_views.mfa_verify, name="mfa_verify"),
    path("security/", security_views.security, name="security"),
    path("security/recovery-codes/", security_views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("security/mfa/disable/", security_views.mfa_disable, name="mfa_disable"),
    path("security/sessions/end-others/", security_views.sessions_end_others, name="sessions_end_others"),
    path("password_change/", security_views.PasswordChangeView.as_view(), name="password_change"),
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
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("my-data/download.<str:fmt>", views.my_data_download, name="my_data_download_as"),
    path("my-data/profile/", views.my_data_profile, name="my_data_profile"),
    path("my-data/email/", views.my_data_email, name="my_data_email"),
    path("my-data/email/<str:token>/", views.my_data_email_confirm, name="my_data_email_confirm"),
    path("my-data/delete/", views.my_data_delete, name="my_data_delete"),
    path("my-data/deleted/", views.my_data_deleted, name="my_data_deleted"),
]
