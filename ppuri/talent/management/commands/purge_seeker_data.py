"""`ppuri purge_seeker_data`: destroy the profiles, applications and invitations of seekers idle past
PPURI_TALENT_RETENTION_DAYS, and close postings whose closing date has passed. Run it daily (cron)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ppuri.talent.retention import seeker_data_purge
from ppuri.talent.services import jobs_close_expired


class Command(BaseCommand):
    help = (
        "보존 기간이 지난 구직자 정보를 파기하고 마감일이 지난 공고를 마감합니다. / "
        "Destroy seekers' data idle past PPURI_TALENT_RETENTION_DAYS; close postings past their closing date."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = seeker_data_purge()
        closed = jobs_close_expired()
        self.stdout.write(
            f"{run.profiles_destroyed:,} profiles, {run.applications_destroyed:,} applications and "
            f"{run.interests_destroyed:,} invitations destroyed (idle over "
            f"{settings.PPURI_TALENT_RETENTION_DAYS} days, before {run.cutoff:%Y-%m-%d}); "
            f"{closed:,} postings closed past their closing date."
        )
