from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ppuri.core.permissions import deny, is_operator
from ppuri.registry.models import ImportReviewItem, ImportRun
from ppuri.registry.tasks import import_progress_key


def import_run_get_for_user(*, user: Any, pk: int) -> ImportRun:
    if not is_operator(user):
        deny(visible=False)
    return get_object_or_404(ImportRun, pk=pk)


def import_runs_recent(*, limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by")[:limit]


def import_run_progress(*, run: ImportRun) -> dict[str, Any]:
    """Where a run stands: status and counts from its row, progress from the worker's cache entry."""
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


def import_run_file_kept(*, run: ImportRun) -> bool:
    """Whether the run's uploaded file is still stored, so that it can be run again without an upload."""
    name = run.file.name
    return run.file.storage.exists(name) if name else False


def import_run_again(*, user: Any, pk: str | None) -> ImportRun | None:
    """The failed run whose options the upload form starts from ("다시 올리기"); None for anything else,
    a malformed or unknown number included."""
    if not (pk and pk.isascii() and pk.isdigit() and len(pk) < 19) or not is_operator(user):
        return None
    return ImportRun.objects.filter(pk=int(pk), status=ImportRun.Status.FAILED).first()


def review_items_pending() -> QuerySet[ImportReviewItem]:
    return ImportReviewItem.objects.filter(status=ImportReviewItem.Status.PENDING).select_related(
        "candidate", "run"
    )


def review_item_get_for_user(*, user: Any, pk: int) -> ImportReviewItem:
    if not is_operator(user):
        deny(visible=False)
    return get_object_or_404(ImportReviewItem.objects.select_related("candidate", "run"), pk=pk)
