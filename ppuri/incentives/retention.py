"""The young people's data in incentive applications is destroyed on schedule: what the company typed
about a person who never consented, 30 days on; a rejected application's, and a finished case's (no
installment left to pay), the programme's `retention_years` after. Names, phones and birth months are
blanked and the evidence files deleted; the rows stay for the ledger and the counts, with nothing that
points at a person. Run daily with `ppuri purge_incentive_data` (cron), beside purge_seeker_data."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ppuri.incentives.models import Evidence, IncentiveApplication, Installment

CONSENT_WAIT_DAYS = 30
Status = IncentiveApplication.Status
OPEN = [Installment.Status.SCHEDULED, Installment.Status.CONFIRMED, Installment.Status.APPROVED]


@dataclass(frozen=True)
class Purged:
    never_consented: int
    rejected: int
    finished: int
    files: int


def _due(now) -> dict[str, list[int]]:
    waiting = IncentiveApplication.objects.filter(
        personal_data_destroyed_at__isnull=True,
        status=Status.AWAITING_CONSENT,
        created_at__lt=now - timedelta(days=CONSENT_WAIT_DAYS),
    )
    rejected, finished = [], []
    for application in IncentiveApplication.objects.filter(
        personal_data_destroyed_at__isnull=True, status__in=[Status.REJECTED, Status.APPROVED]
    ).select_related("program"):
        kept_until = timedelta(days=365 * application.program.retention_years)
        if application.status == Status.REJECTED:
            if application.decided_at and application.decided_at < now - kept_until:
                rejected.append(application.pk)
            continue
        installments = Installment.objects.filter(case__application=application)
        if installments.filter(status__in=OPEN).exists():
            continue
        ended = installments.aggregate(last=Max("updated_at"))["last"] or application.updated_at
        if ended < now - kept_until:
            finished.append(application.pk)
    return {
        "never_consented": list(waiting.values_list("pk", flat=True)),
        "rejected": rejected,
        "finished": finished,
    }


@transaction.atomic
def incentive_data_purge() -> Purged:
    now = timezone.now()
    due = _due(now)
    ids = [pk for group in due.values() for pk in group]
    files = 0
    for evidence in Evidence.objects.filter(application_id__in=ids):
        evidence.file.delete(save=False)
        files += 1
    Evidence.objects.filter(application_id__in=ids).delete()
    for pk in ids:
        # A key of its own per row: the one-approval-per-person constraint must not meet two blanks.
        IncentiveApplication.objects.filter(pk=pk).update(
            person_name="", phone="", birth_year_month="", person_key=f"destroyed-{pk}",
            personal_data_destroyed_at=now, checks=[],
        )  # fmt: skip
    return Purged(len(due["never_consented"]), len(due["rejected"]), len(due["finished"]), files)
