"""A student's personal data is destroyed PPURI_GRADUATE_RETENTION_DAYS after they graduated or left
(the notice says so): the name, the invitation address, the link to the account and the interests'
motivations go; the rows stay, with nothing that points at a person, for the cohort figures and the
placement statistics. A request the school never confirmed goes after the same time from its asking.
Run daily with `ppuri purge_graduate_data` (cron), beside the other purges."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from ppuri.core import clock
from ppuri.graduate.models import Student

DESTROYED_NAME = "—"


@dataclass(frozen=True)
class Purged:
    students: int


@transaction.atomic
def graduate_data_purge() -> Purged:
    cutoff = clock.today() - timedelta(days=settings.PPURI_GRADUATE_RETENTION_DAYS)
    due = Student.objects.filter(
        Q(status=Student.Status.GRADUATED, graduated_on__lt=cutoff)
        | Q(status=Student.Status.WITHDRAWN, withdrawn_on__lt=cutoff)
        | Q(status__in=(Student.Status.PENDING, Student.Status.REJECTED), created_at__date__lt=cutoff)
    ).exclude(name=DESTROYED_NAME)
    ids = list(due.values_list("pk", flat=True))
    from ppuri.graduate.models import ProjectInterest

    ProjectInterest.objects.filter(student_id__in=ids).update(motivation="")
    done = Student.objects.filter(pk__in=ids).update(name=DESTROYED_NAME, invited_email="", user=None)
    return Purged(students=done)
