"""The one way services record a state change for humans (after pretix's log_action)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ppuri.core.models import ActivityLog


def activity_log(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    summary: str,
    scope: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    scope = scope or target
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        scope_type=ContentType.objects.get_for_model(scope),
        scope_id=str(scope.pk),
        summary=summary[:300],
        data=data or {},
    )


def activity_for_scope(*, scope: models.Model, limit: int = 50) -> models.QuerySet[ActivityLog]:
    """Changes to show on a page; access records (verbs ending in `.viewed`) stay in the admin."""
    return (
        ActivityLog.objects.filter(
            scope_type=ContentType.objects.get_for_model(scope), scope_id=str(scope.pk)
        )
        .exclude(verb__endswith=".viewed")
        .select_related("actor")[:limit]
    )
