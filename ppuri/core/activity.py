"""The one way services record a state change for humans (after pretix's log_action).

A summary is written once per language of the site, so a change made in an English session reads in
Korean for Korean readers and the other way round; the page picks the reader's language.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ppuri.core.i18n import in_each_language
from ppuri.core.models import ActivityLog

Summary = str | Callable[[], str]


def _render(summary: Summary) -> dict[str, str]:
    if isinstance(summary, str):
        return {}
    return {code: str(text)[:300] for code, text in in_each_language(summary).items()}


def activity_log(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    summary: Summary,
    scope: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """`summary` is plain text (names, identical in every language) or a function that builds the
    sentence with gettext; it is called once under each language."""
    scope = scope or target
    summaries = _render(summary)
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        scope_type=ContentType.objects.get_for_model(scope),
        scope_id=str(scope.pk),
        summary=summaries.get(settings.LANGUAGE_CODE, summary if isinstance(summary, str) else "")[:300],
        summaries=summaries,
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
