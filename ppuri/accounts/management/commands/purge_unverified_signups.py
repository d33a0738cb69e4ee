"""`ppuri purge_unverified_signups`: delete the sign-ups whose e-mail address was not confirmed within
PPURI_UNVERIFIED_SIGNUP_DAYS, with their consents and records. Run it daily, e.g. from cron."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ppuri.accounts.joining.services import unverified_signups_purge


class Command(BaseCommand):
    help = (
        "확인하지 않은 채 보존 기간이 지난 가입 신청을 지웁니다. / Delete the sign-ups left unconfirmed past "
        "PPURI_UNVERIFIED_SIGNUP_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = unverified_signups_purge()
        self.stdout.write(
            f"{deleted:,} unconfirmed sign-ups deleted (kept {settings.PPURI_UNVERIFIED_SIGNUP_DAYS} days)."
        )
