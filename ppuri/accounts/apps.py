from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ppuri.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ppuri.accounts import models, selectors
        from ppuri.accounts.security.sessions import session_started
        from ppuri.core import visibility

        # Every way of signing in stamps the session with its epoch and clock (security/sessions.py).
        user_logged_in.connect(session_started, dispatch_uid="ppuri.accounts.session_started")

        visibility.register(models.ApiToken, selectors.api_tokens_visible_to)
        visibility.register(models.User, selectors.users_visible_to)
        visibility.register(models.Consent, selectors.consents_visible_to)

        # The modules of the roles whose work is not built yet: the workspace says what will come.
        from django.utils.translation import gettext_lazy as _

        from ppuri.accounts.models import Role
        from ppuri.core import attention

        attention.register_coming(
            roles=[Role.SEEKER],
            title=_("청년 일자리 장려금 현황"),
            description=_("내 청년 일자리 장려금의 신청과 지급 상황을 봅니다."),
        )

        from ppuri.accounts.personal_data import ACCOUNTS
        from ppuri.core import personal_data

        personal_data.register(ACCOUNTS)
