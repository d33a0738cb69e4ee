"""Deny-by-default helpers shared by the apps' `*_get_for_user` selectors."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404


def deny(*, visible: bool) -> None:
    """Refuse access: 403 if the user may see the object exists, 404 otherwise (no existence leak)."""
    if visible:
        raise PermissionDenied
    raise Http404


def is_operator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_operator", False))
