"""`ppuri restore ARCHIVE`: a backup into an empty database and MEDIA_ROOT, checked against its
manifest (ppuri.core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ppuri.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "백업 파일을 빈 데이터베이스에 되살리고 표마다 행 수와 파일 검사값을 확인합니다. / "
        "Restore a backup into an empty database and check every table's row count and every file's "
        "checksum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="ppuri backup이 만든 파일 / the archive `ppuri backup` wrote")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(archive=Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {report.tables} tables, {report.rows} rows and {report.files} files; "
            "every count and checksum matches the backup"
        )
