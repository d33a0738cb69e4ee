from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ppuri.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from ppuri.accounts import models, selectors
        from ppuri.core import visibility

        visibility.register(models.ApiToken, selectors.api_tokens_visible_to)
        visibility.register(models.User, selectors.users_visible_to)
        visibility.register(models.Consent, selectors.consents_visible_to)

        from ppuri.accounts.personal_data import ACCOUNTS
        from ppuri.core import personal_data

        personal_data.register(ACCOUNTS)
