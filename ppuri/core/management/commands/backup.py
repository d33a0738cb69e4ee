"""`ppuri backup`: the database and the uploaded files in one archive (ppuri.core.backup)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ppuri.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "데이터베이스와 올린 파일을 백업 파일 하나(tar)로 만듭니다. / Back up the database and the uploaded "
        "files into one tar archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="백업 파일을 둘 폴더 / where to write the archive (default: var/backups)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup_create(directory=Path(options["directory"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(archive))
