"""The one way services record a state change for humans (after pretix's log_action).

A summary is written once per language of the site, so a change made in an English session reads in
Korean for Korean readers and the other way round; the page picks the reader's language.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ppuri.core.i18n import in_each_language
from ppuri.core.models import ActivityLog
from ppuri.core.visibility import visible_pks

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
        **activity_entry(
            actor=actor,
            verb=verb,
            target=(ContentType.objects.get_for_model(target), target.pk),
            scope=(ContentType.objects.get_for_model(scope), scope.pk),
            summaries=summaries,
            summary=summary if isinstance(summary, str) else "",
            data=data,
        )
    )


def activity_entry(
    *,
    actor: Any,
    verb: str,
    target: tuple[ContentType, Any],
    scope: tuple[ContentType, Any],
    summaries: dict[str, str],
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An entry's fields, for activity_log and for a service that writes thousands at once with
    core.bulk.insert_rows (an import); `summaries` holds the text in each language."""
    return {
        "actor_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "verb": verb,
        "target_type_id": target[0].pk,
        "target_id": str(target[1]),
        "scope_type_id": scope[0].pk,
        "scope_id": str(scope[1]),
        "summary": summaries.get(settings.LANGUAGE_CODE, summary)[:300],
        "summaries": summaries,
        "data": data or {},
    }


def activity_for_scope(*, scope: models.Model, viewer: Any, limit: int = 50) -> list[ActivityLog]:
    """The changes to show on a page, newest first: only entries whose target this viewer may see
    (core.visibility asks the target's app), so a public page never shows a draft request, an
    invitation or a confidential case logged on the company."""
    logged = ActivityLog.objects.filter(
        scope_type=ContentType.objects.get_for_model(scope), scope_id=str(scope.pk)
    ).select_related("actor", "target_type")
    shown: list[ActivityLog] = []
    # Read in batches until the page is full: most entries of a busy buyer may be hidden from a visitor.
    batch = limit * 2
    for start in range(0, 50 * batch, batch):
        entries = list(logged[start : start + batch])
        shown += _visible_entries(entries, viewer)
        if len(shown) >= limit or len(entries) < batch:
            break
    return shown[:limit]


def _visible_entries(entries: list[ActivityLog], viewer: Any) -> list[ActivityLog]:
    by_type: dict[int, list[ActivityLog]] = defaultdict(list)
    for entry in entries:
        by_type[entry.target_type_id].append(entry)
    visible: set[tuple[int, str]] = set()
    for type_id, group in by_type.items():
        model = group[0].target_type.model_class()
        if model is None:  # a type whose model was removed: nobody can say who may see it
            continue
        pks = visible_pks(user=viewer, model=model, pks=[entry.target_id for entry in group])
        visible |= {(type_id, pk) for pk in pks}
    return [entry for entry in entries if (entry.target_type_id, entry.target_id) in visible]
