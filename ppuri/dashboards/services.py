"""The dashboards' writes: recording a report handed out (who, which, when, from where, why), and
queueing a report for the task worker (dashboards.tasks)."""

import hashlib
import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from ppuri.core.access import client_ip
from ppuri.core.worker import Swept
from ppuri.dashboards.models import ReportDownload, ReportJob
from ppuri.dashboards.selectors import Dashboard

logger = logging.getLogger(__name__)

REASON_MAX = 200


def report_reason_clean(*, exact: bool, fmt: str, reason: str) -> str:
    """The reason as kept. An operator's report holds the unsuppressed figures (small counts): it
    needs one."""
    reason = (reason or "").strip()
    if fmt not in ReportDownload.Format.values:
        raise ValidationError({"format": [_("보고서 형식은 xlsx나 pdf입니다.")]})
    if exact and not reason:
        raise ValidationError(
            {"reason": [_("비공개 값(5 미만 등)이 담긴 보고서입니다. 내려받는 이유를 적어 주세요.")]}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("이유는 %(max)d자 이내로 적어 주세요.") % {"max": REASON_MAX}]})
    return reason


def _record(
    *, request: HttpRequest, user: Any, scope: str, period: str, fmt: str, unsuppressed: bool, reason: str
) -> ReportDownload:
    signed_in = getattr(user, "is_authenticated", False)
    record = ReportDownload(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        scope=scope,
        period=period,
        format=fmt,
        unsuppressed=unsuppressed,
        reason=reason,
        ip_address=client_ip(request),
        path=request.path[:500],
    )
    record.full_clean()
    record.save()
    return record


def report_download_record(
    *, request: HttpRequest, user: Any, dashboard: Dashboard, fmt: str, reason: str
) -> ReportDownload:
    """Record the download before the report is made."""
    reason = report_reason_clean(exact=dashboard.exact, fmt=fmt, reason=reason)
    return _record(
        request=request,
        user=user,
        scope=dashboard.scope.slug,
        period=dashboard.period.key,
        fmt=fmt,
        unsuppressed=dashboard.exact,
        reason=reason,
    )


def session_hash(request: HttpRequest) -> str:
    """A visitor's session, as a job keeps it: its key hashed (the key itself opens the session)."""
    if not request.session.session_key:
        request.session.save()
    return hashlib.sha256(str(request.session.session_key).encode()).hexdigest()


@transaction.atomic
def report_job_create(
    *, request: HttpRequest, user: Any, dashboard: Dashboard, fmt: str, reason: str
) -> ReportJob:
    """Queue the report for the task worker; it starts once this commits."""
    from ppuri.dashboards.tasks import report_job_run

    reason = report_reason_clean(exact=dashboard.exact, fmt=fmt, reason=reason)
    signed_in = getattr(user, "is_authenticated", False)
    job = ReportJob(
        user=user if signed_in else None,
        session_hash="" if signed_in else session_hash(request),
        scope=dashboard.scope.slug,
        period=dashboard.period.key,
        format=fmt,
        exact=dashboard.exact,
        reason=reason,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(partial(report_job_run.enqueue, job.pk, get_language() or settings.LANGUAGE_CODE))
    return job


def report_job_download_record(*, request: HttpRequest, user: Any, job: ReportJob) -> ReportDownload:
    """The job's file handed out: recorded as every report download is."""
    return _record(
        request=request,
        user=user,
        scope=job.scope,
        period=job.period,
        fmt=job.format,
        unsuppressed=job.exact,
        reason=job.reason,
    )


def report_jobs_purge(*, hours: int | None = None) -> int:
    """Delete the jobs (and their files) made more than `hours` ago (PPURI_REPORT_JOB_HOURS)."""
    before = timezone.now() - timedelta(hours=hours or settings.PPURI_REPORT_JOB_HOURS)
    old = list(ReportJob.objects.filter(created_at__lt=before))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)


# A report takes seconds; one still "running" after this long lost its worker (it died mid-way).
RUNNING_AT_MOST = timedelta(minutes=10)


def report_jobs_reap() -> Swept:
    """Jobs whose worker died while making them: failed, so their page stops waiting (registered with
    the worker's sweep, ppuri.core.worker). It writes only when there is such a job: the sweep also
    runs while an import holds SQLite's write lock."""
    lost = ReportJob.objects.filter(
        status=ReportJob.Status.RUNNING, started_at__lt=timezone.now() - RUNNING_AT_MOST
    )
    count = lost.count()
    if not count:
        return Swept()
    try:
        failed = lost.update(
            status=ReportJob.Status.FAILED,
            error=gettext_noop("보고서를 만들던 작업 프로세스가 멈췄습니다. 다시 요청해 주세요."),
            finished_at=timezone.now(),
        )
    except DatabaseError:  # SQLite: another write holds the lock; the next sweep tries again
        logger.warning("%s report jobs lost their worker but could not be failed now", count, exc_info=True)
        return Swept(stuck=count)
    return Swept(failed=failed)
