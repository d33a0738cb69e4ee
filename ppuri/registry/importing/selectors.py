from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ppuri.core.permissions import deny, is_operator
from ppuri.registry.models import ImportReviewItem, ImportRun, ImportRunEntry
from ppuri.registry.tasks import import_progress_key


def import_run_get_for_user(*, user: Any, pk: int) -> ImportRun:
    if not is_operator(user):
        deny(visible=False)
    return get_object_or_404(ImportRun, pk=pk)


def import_runs_recent(*, limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by")[:limit]


# Each phase's share of the bar (services.PHASES), from a measured national file: writing is most
# of the time. Indexing had none before, and a small file sat at 99 % while the search analyzer loaded.
_PHASE_SPANS: dict[str, tuple[int, int]] = {
    "reading": (0, 5),
    "writing": (5, 85),
    "indexing": (85, 98),
    "finishing": (98, 99),
}
_PHASE_LABELS = {
    "reading": _("파일을 읽고 검색 색인을 준비하는 중"),
    "writing": _("공장 정보 저장 중"),
    "indexing": _("뿌리산업 분류와 검색 색인 갱신 중"),
    "finishing": _("보고서 저장 중"),
}


def import_run_progress(*, run: ImportRun) -> dict[str, Any]:
    """Where a run stands: status and counts from its row, the phase and its progress from the
    worker's cache entry."""
    live = cache.get(import_progress_key(run.pk)) or {}
    phase = live.get("phase", "writing" if live else "")
    total = live.get("total", 0)
    done = live.get("done", 0)
    finished = run.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED)
    start, end = _PHASE_SPANS.get(phase, (0, 0))
    running_percent = start + (end - start) * done // total if total else start
    percent = 100 if run.status == ImportRun.Status.DONE else min(99, running_percent)
    running = run.status == ImportRun.Status.RUNNING
    step = list(_PHASE_SPANS).index(phase) + 1 if running and phase in _PHASE_SPANS else 0
    return {
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "phase": phase if running else "",
        "phase_label": str(_PHASE_LABELS.get(phase, "")) if running else "",
        "step": step,
        "steps": len(_PHASE_SPANS),
        # "2/4단계: 공장 정보 저장 중", for the page and its script alike
        "phase_text": (
            gettext("%(step)d/%(steps)d단계: %(label)s")
            % {"step": step, "steps": len(_PHASE_SPANS), "label": _PHASE_LABELS[phase]}
            if step
            else ""
        ),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": finished,
    }


ENTRIES_PAGE_SIZE = 100  # rows of a run's list of changes per page (a national file adds 200,000)


def import_run_entries(*, run: ImportRun, outcome: str = "") -> QuerySet[ImportRunEntry]:
    """The factories a run added, updated or queued for review, in file order; one kind of them when
    `outcome` names one (anything else: all)."""
    entries = ImportRunEntry.objects.filter(run=run).select_related("organization", "review_item")
    if outcome in ImportRunEntry.Outcome.values:
        entries = entries.filter(outcome=outcome)
    return entries.order_by("line", "id")


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
