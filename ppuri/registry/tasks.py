"""Background work of the registry: imports run in the worker (`ppuri db_worker`), not the request."""

import logging
from pathlib import Path

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.registry.importing.reading import UnreadableFileError
from ppuri.registry.importing.services import factory_import
from ppuri.registry.models import ImportRun

logger = logging.getLogger(__name__)


def import_progress_key(run_id: int) -> str:
    return f"registry:import-progress:{run_id}"


@task
def import_run_execute(run_id: int) -> None:
    """Run a queued import. Idempotent: a run that is no longer queued is left alone."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)

    def progress(done: int, total: int) -> None:
        # The import's own transaction hides its writes until it ends; the cache shows progress now.
        cache.set(import_progress_key(run_id), {"done": done, "total": total}, timeout=24 * 3600)

    try:
        factory_import(
            path=Path(run.file.path),
            display_name=run.file_name,
            actor=run.created_by,
            dry_run=run.dry_run,
            strict=run.strict,
            run=run,
            progress=progress,
        )
    except UnreadableFileError as exc:
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED, message=str(exc), finished_at=timezone.now()
        )
    except Exception:
        logger.exception("import run %s failed", run_id)
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            message=_("가져오는 중 오류가 나서 아무것도 저장하지 않았습니다. 운영 기록을 확인해 주세요."),
            finished_at=timezone.now(),
        )
        raise
    finally:
        # The upload is public data, but nothing needs it once its report is written: keep no copies.
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run_id).update(file="")
