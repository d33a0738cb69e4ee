from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ppuri.core.permissions import deny, is_operator
from ppuri.registry.models import ImportReviewItem, ImportRun


def import_run_get_for_user(*, user: Any, pk: int) -> ImportRun:
    if not is_operator(user):
        deny(visible=False)
    return get_object_or_404(ImportRun, pk=pk)


def import_runs_recent(*, limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by")[:limit]


def import_run_progress(*, run: ImportRun) -> dict[str, Any]:
    """Where a run stands: status and counts from its row, progress from the worker's cache entry."""
    from ppuri.registry.tasks import import_progress_key  # tasks import this app's services

    live = cache.get(import_progress_key(run.pk)) or {}
    total = live.get("total", 0)
    done = live.get("done", 0)
    finished = run.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED)
    running_percent = min(99, done * 100 // total) if total else 0
    percent = 100 if run.status == ImportRun.Status.DONE else running_percent
    return {
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": finished,
    }


def review_items_pending() -> QuerySet[ImportReviewItem]:
    return ImportReviewItem.objects.filter(status=ImportReviewItem.Status.PENDING).select_related(
        "candidate", "run"
    )


def review_item_get_for_user(*, user: Any, pk: int) -> ImportReviewItem:
    if not is_operator(user):
        deny(visible=False)
    return get_object_or_404(ImportReviewItem.objects.select_related("candidate", "run"), pk=pk)
