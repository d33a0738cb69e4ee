from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from ppuri.accounts.models import User


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
            matches = list(User.objects.filter(email__iexact=username.strip())[:2])
            if len(matches) == 1:
                username = matches[0].username
        return super().authenticate(request, username=username, password=password, **kwargs)  # type: ignore[return-value]
