"""`ppuri incentive_reminders`: tell companies when an installment falls due, and them and the labor
office when its evidence is 14 days late (each once). Run it daily (cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from ppuri.incentives.services import installments_remind


class Command(BaseCommand):
    help = (
        "장려금 분할 지급의 재직 확인 알림을 보냅니다. / "
        "Send the installments' due and late-evidence reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{installments_remind():,} reminders sent.")
