"""`ppuri purge_graduate_data`: destroy the personal data of students who graduated or left longer ago
than PPURI_GRADUATE_RETENTION_DAYS (graduate.retention). Run it daily (cron)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ppuri.graduate.retention import graduate_data_purge


class Command(BaseCommand):
    help = (
        "보유 기간이 지난 대학원생의 개인정보를 파기합니다. / "
        "Destroy graduate students' personal data past its retention."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = graduate_data_purge()
        self.stdout.write(
            f"personal data destroyed: {done.students:,} students who graduated or left more than "
            f"{settings.PPURI_GRADUATE_RETENTION_DAYS:,} days ago."
        )
