"""`ppuri purge_report_jobs`: delete the dashboard reports made by the task worker, and their files,
PPURI_REPORT_JOB_HOURS after they were asked for. Run it daily, e.g. from cron."""

from typing import Any

from django.core.management.base import BaseCommand

from ppuri.dashboards.services import report_jobs_purge


class Command(BaseCommand):
    help = (
        "보관 기간이 지난 현황 보고서 파일을 지웁니다. / Delete the dashboard reports made in the background "
        "once PPURI_REPORT_JOB_HOURS have passed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = report_jobs_purge()
        self.stdout.write(f"deleted {deleted} report jobs")
