from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ppuri.accounts"
    label = "accounts"
    verbose_name = "Accounts"
