"""`ppuri purge_incentive_data`: destroy the young people's data of incentive applications past their
retention (incentives.retention). Run it daily (cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from ppuri.incentives.retention import CONSENT_WAIT_DAYS, incentive_data_purge


class Command(BaseCommand):
    help = (
        "보유 기간이 지난 장려금 신청의 청년 개인정보를 파기합니다. / "
        "Destroy young people's data in incentive applications past its retention."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = incentive_data_purge()
        self.stdout.write(
            f"personal data destroyed: {done.never_consented:,} applications never consented to within "
            f"{CONSENT_WAIT_DAYS} days, {done.rejected:,} rejected and {done.finished:,} finished past the "
            f"programme's retention; {done.files:,} evidence files deleted."
        )
