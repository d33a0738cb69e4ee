"""Background work of the registry: imports run in the worker (`ppuri db_worker`), not the request."""

import logging
from pathlib import Path

from django.core.cache import cache
from django.tasks import TaskContext, task
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core.worker import retry_while_locked
from ppuri.registry.importing.reading import UnreadableFileError
from ppuri.registry.importing.services import factory_import
from ppuri.registry.models import ImportRun

logger = logging.getLogger(__name__)


def import_progress_key(run_id: int) -> str:
    return f"registry:import-progress:{run_id}"


@task(takes_context=True)
def import_run_execute(context: TaskContext, run_id: int) -> None:
    """Run a queued import. Idempotent: a run that is no longer queued is left alone.

    While another import holds SQLite's write lock (`ppuri import-factories` in a terminal), the run
    waits for it rather than fail; its worker's heartbeat meanwhile tells the sweep that it is alive
    (ppuri.core.worker)."""
    task_id = str(context.task_result.id)

    def claim() -> int:
        return ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
            status=ImportRun.Status.RUNNING, started_at=timezone.now(), task_id=task_id
        )

    if not retry_while_locked(claim, what=f"import run {run_id}"):
        return
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)

    def progress(phase: str, done: int, total: int) -> None:
        # The import's own transaction hides its writes until it ends; the cache shows progress now.
        state = {"phase": phase, "done": done, "total": total}
        cache.set(import_progress_key(run_id), state, timeout=24 * 3600)

    def fail(message: str) -> None:
        retry_while_locked(
            lambda: ImportRun.objects.filter(pk=run_id).update(
                status=ImportRun.Status.FAILED, message=message, finished_at=timezone.now()
            ),
            what=f"import run {run_id}'s failure",
        )

    keep_file = False
    try:
        factory_import(
            path=Path(run.file.path),
            display_name=run.file_name,
            actor=run.created_by,
            dry_run=run.dry_run,
            strict=run.strict,
            run=run,
            progress=progress,
            wait_for_lock=True,
        )
    except UnreadableFileError as exc:
        fail(str(exc))
    except BaseException:  # also a stop by signal: the run must not be left reading "running"
        logger.exception("import run %s failed", run_id)
        # Not the file's fault: it is kept so that the operator can run it again (importing.runs).
        keep_file = True
        fail(_("가져오는 중 오류가 나서 아무것도 저장하지 않았습니다. 운영 기록을 확인해 주세요."))
        raise
    finally:
        if not keep_file:
            # The upload is public data, but nothing needs it once its report is written: keep no copies.
            run.file.delete(save=False)
            retry_while_locked(
                lambda: ImportRun.objects.filter(pk=run_id).update(file=""),
                what=f"import run {run_id}'s file",
            )
