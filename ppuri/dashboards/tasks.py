"""Reports made by the task worker (`ppuri db_worker`), not in the request: a PDF takes seconds
(dashboards.reports.IN_BACKGROUND). The worker makes the same file the page would hand out, from the
dashboard as its reader may see it, and keeps its phase in the cache for the job's page."""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.tasks import TaskContext, task
from django.utils import timezone
from django.utils.translation import gettext_noop, override

from ppuri.dashboards.models import ReportJob

logger = logging.getLogger(__name__)


def report_job_phase_key(job_id: int) -> str:
    return f"dashboards:report-job-phase:{job_id}"


@task(takes_context=True)
def report_job_run(context: TaskContext, job_id: int, language: str) -> None:
    """Make a queued report. Idempotent: a job no longer queued is left alone."""
    from ppuri.dashboards.reports import report_content
    from ppuri.dashboards.scopes import period_get, scope_get
    from ppuri.dashboards.selectors import dashboard_for

    if not ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
        status=ReportJob.Status.RUNNING, started_at=timezone.now()
    ):
        return
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    try:
        with override(language):
            cache.set(report_job_phase_key(job_id), "counting", timeout=3600)
            # The reader's rights now, and only if they are those they asked with.
            viewer = job.user or AnonymousUser()
            period = period_get(job.period)
            assert period is not None  # checked when the job was made
            dashboard = dashboard_for(user=viewer, scope=scope_get(job.scope), period=period)
            if dashboard.exact != job.exact:
                # The reader's rights changed since they asked: an operator's report needs the reason
                # asked for with it, a report asked for as an operator is not made for someone else.
                ReportJob.objects.filter(pk=job_id).update(
                    status=ReportJob.Status.FAILED,
                    error=gettext_noop("요청한 뒤 권한이 바뀌었습니다. 다시 요청해 주세요."),
                    finished_at=timezone.now(),
                )
                return
            cache.set(report_job_phase_key(job_id), "drawing", timeout=3600)
            content, ascii_name, name, _kind = report_content(dashboard, job.format)
        job.file.save(ascii_name, ContentFile(content), save=False)
        # Only a job still running is done: the sweep may have failed it meanwhile.
        if not ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            file=job.file.name, file_name=name, status=ReportJob.Status.DONE, finished_at=timezone.now()
        ):
            job.file.delete(save=False)
    except Exception:
        logger.exception("report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJob.Status.FAILED,
            error=gettext_noop("보고서를 만들지 못했습니다. 다시 요청해 주세요."),
            finished_at=timezone.now(),
        )
        raise
    finally:
        cache.delete(report_job_phase_key(job_id))
