"""Deny-by-default helpers shared by the apps' `*_get_for_user` selectors."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse


def deny(*, visible: bool) -> None:
    """Refuse access: 403 if the user may see the object exists, 404 otherwise (no existence leak)."""
    if visible:
        raise PermissionDenied
    raise Http404


def is_operator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_operator", False))


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Operators only: anonymous visitors are sent to log in, everyone else gets a 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
