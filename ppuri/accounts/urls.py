from django.contrib.auth import views as auth_views
from django.urls import path

from ppuri.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
