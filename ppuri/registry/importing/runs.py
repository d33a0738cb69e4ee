"""An import run's life as background work: queued from an upload, run by the worker
(registry.tasks.import_run_execute), failed when its worker dies, run again by an operator.

When the worker running an import stops beating (ppuri.core.worker), the sweep here marks the run failed
with the reason, marks its task failed, deletes its uploaded file and logs it. Nothing of the file was
written: an import is one transaction. The run's page then offers "다시 올리기", the upload form with the
run's options filled in. A run that failed on an unexpected error (a database that went away, say) keeps
its file instead, since the file is not at fault, and "다시 실행" queues that same run again.
"""

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks_db.models import DBTaskResult

from ppuri.core.activity import activity_log
from ppuri.core.privacy import refuse_resident_numbers
from ppuri.core.worker import Swept, lease_seconds, task_abandoned, task_fail_abandoned
from ppuri.registry.importing.selectors import import_run_file_kept
from ppuri.registry.models import ImportRun
from ppuri.registry.tasks import import_run_execute

logger = logging.getLogger(__name__)

# Stored untranslated and translated when shown (the page passes it through gettext).
WORKER_LOST = gettext_noop(
    "가져오기를 실행하던 작업 프로세스(worker)가 멈춰 실패로 처리했습니다. 파일 하나를 한 번에 저장하므로 "
    "이 가져오기로 바뀐 것은 없습니다. 올린 파일은 지웠으니 같은 파일을 다시 올려 주세요."
)
UNFINISHED = (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)


def _enqueue(run_id: int) -> None:
    result = import_run_execute.enqueue(run_id)
    # Linked at once, so that a worker dying between taking the task and claiming the run is noticed too.
    ImportRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id))


@transaction.atomic
def import_run_create(*, actor: Any, uploaded_file: UploadedFile, dry_run: bool, strict: bool) -> ImportRun:
    """Store an uploaded file and queue its import; the worker picks it up once this commits."""
    run = ImportRun(file_name=uploaded_file.name or "", created_by=actor, dry_run=dry_run, strict=strict)
    # Saving the file writes it to disk before run.save() reaches the pre_save guard: refuse first.
    refuse_resident_numbers(run)
    run.file.save(uploaded_file.name or "import", uploaded_file, save=False)
    run.save()
    activity_log(
        actor=actor,
        verb="registry.import.queued",
        target=run,
        summary=run.file_name,
        data={"dry_run": dry_run, "strict": strict},
    )
    transaction.on_commit(partial(_enqueue, run.pk))
    return run


@transaction.atomic
def import_run_retry(*, actor: Any, run: ImportRun) -> ImportRun:
    """Queue a failed run again with its kept file and options; its earlier report is cleared (the
    change log keeps the failure)."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.FAILED:
        raise ValidationError(_("실패한 가져오기만 다시 실행할 수 있습니다."))
    if not import_run_file_kept(run=run):
        raise ValidationError(_("올린 파일이 지워져 다시 실행할 수 없습니다. 같은 파일을 다시 올려 주세요."))
    failure = run.message
    run.status = ImportRun.Status.QUEUED
    run.layout = run.encoding = run.message = run.task_id = ""
    run.rows = run.added = run.updated = run.unchanged = run.rejected = run.review = 0
    run.errors = []
    run.started_at = run.finished_at = None
    run.save()
    activity_log(
        actor=actor,
        verb="registry.import.retried",
        target=run,
        summary=run.file_name,
        data={"failure": failure},
    )
    transaction.on_commit(partial(_enqueue, run.pk))
    return run


def _orphaned(run: ImportRun, task: DBTaskResult | None) -> bool:
    """Whether no worker will ever finish this unfinished run."""
    if task is None:
        if run.task_id:
            return True  # its task was deleted: nothing will run it
        # Never linked: queued a moment ago (not orphaned yet), or claimed before runs kept their task.
        started = run.started_at
        return started is not None and started < timezone.now() - timedelta(seconds=lease_seconds())
    if task.status == TaskResultStatus.READY:
        return False
    if task.status == TaskResultStatus.RUNNING:
        return task_abandoned(task)
    return True  # the task ended and left the run unfinished


@transaction.atomic
def _fail_orphaned(*, run: ImportRun, task: DBTaskResult | None) -> bool:
    # Only if it still reads as it did: a worker may have finished it since.
    marked = ImportRun.objects.filter(pk=run.pk, status=run.status, task_id=run.task_id).update(
        status=ImportRun.Status.FAILED, message=WORKER_LOST, finished_at=timezone.now(), file=""
    )
    if not marked:
        return False
    worker = task.worker_ids[-1] if task is not None and task.worker_ids else ""
    if task is not None:
        task_fail_abandoned(
            task=task, reason=f"The worker {worker} stopped beating; import run {run.pk} was marked failed."
        )
    activity_log(
        actor=None,
        verb="registry.import.worker_lost",
        target=run,
        summary=lambda: (
            _("작업 프로세스가 멈춰 가져오기를 실패로 처리했습니다: %(file)s") % {"file": run.file_name}
        ),
        data={"task": run.task_id, "worker": worker, "was": run.status},
    )
    if run.file.name:
        transaction.on_commit(partial(run.file.storage.delete, run.file.name))
    logger.warning("import run %s failed: its worker %s is gone", run.pk, worker or "?")
    return True


def import_runs_reap() -> Swept:
    """Fail the runs whose worker is gone. A sweep (ppuri.core.worker): the worker runs it at start and
    every half lease, /healthz and the import pages whenever they are read."""
    unfinished = list(ImportRun.objects.filter(status__in=UNFINISHED))
    if not unfinished:
        return Swept()
    linked = [run.task_id for run in unfinished if run.task_id]
    tasks = {str(task.pk): task for task in DBTaskResult.objects.filter(pk__in=linked)}
    failed = stuck = 0
    for run in unfinished:
        task = tasks.get(run.task_id)
        if not _orphaned(run, task):
            continue
        try:
            failed += _fail_orphaned(run=run, task=task)
        except DatabaseError:  # SQLite: another import holds the write lock; the next sweep tries again
            logger.warning("import run %s is orphaned but could not be failed now", run.pk, exc_info=True)
            stuck += 1
    return Swept(failed=failed, stuck=stuck)
