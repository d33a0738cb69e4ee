from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from ppuri.accounts.models import User
from ppuri.accounts.selectors import users_with_email


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with the username or the e-mail address. People who joined by sign-up know their
    address (their username is derived from it); accounts made by operators keep their usernames."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username and "@" in username and not User.objects.filter(username=username).exists():
            matches = list(users_with_email(username)[:2])
            if len(matches) == 1:
                username = matches[0].username
        return super().authenticate(request, username=username, password=password, **kwargs)  # type: ignore[return-value]

    def get_user(self, user_id: Any) -> User | None:
        # A session of an account waiting for its address to be confirmed does nothing (an unverified
        # account cannot act, issue 13): the login form refuses it with the reason, and should the flag
        # be set on an account already signed in, its sessions read as anonymous from the next request.
        user = super().get_user(user_id)
        if user is not None and getattr(user, "awaiting_email_verification", False):
            return None
        return user  # type: ignore[return-value]
