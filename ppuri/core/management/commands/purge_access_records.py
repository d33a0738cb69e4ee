"""`ppuri purge_access_records`: delete the access records older than the retention
(PPURI_ACCESS_RECORD_RETENTION_DAYS), the only way any is deleted. Run it daily, e.g. from cron."""

from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ppuri.core.access import access_records_purge, retention_cutoff


class Command(BaseCommand):
    help = (
        "보존 기간이 지난 접속기록을 지웁니다. / Delete the access records older than the retention "
        "(PPURI_ACCESS_RECORD_RETENTION_DAYS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before",
            help="이 날짜(YYYY-MM-DD) 전의 기록만: 보존 기간 안의 날짜는 거절합니다. / Only records before "
            "this date; a date inside the retention is refused.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        before = retention_cutoff()
        if options["before"]:
            try:
                day = datetime.strptime(options["before"], "%Y-%m-%d").date()
            except ValueError:
                wrong = options["before"]
                raise CommandError(f"--before must be a date as YYYY-MM-DD, not {wrong!r}") from None
            before = timezone.make_aware(datetime.combine(day, time.min))
        try:
            deleted = access_records_purge(before=before)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{deleted:,} access records before {timezone.localtime(before):%Y-%m-%d %H:%M} deleted "
            f"(retention {settings.PPURI_ACCESS_RECORD_RETENTION_DAYS} days)."
        )
