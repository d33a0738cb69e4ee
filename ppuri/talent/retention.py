"""The scheduled destruction of seekers' personal data (개인정보 보호법 §21): a profile idle past
PPURI_TALENT_RETENTION_DAYS goes with the seeker's applications and invitations; each run is logged in
RetentionRun (counts only: the log holds no personal data)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ppuri.talent.models import Application, Interest, RetentionRun, SeekerProfile


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.PPURI_TALENT_RETENTION_DAYS)


@transaction.atomic
def seeker_data_purge(*, now: datetime | None = None) -> RetentionRun:
    """Destroy what belongs to seekers whose last activity is older than the cutoff: their profile,
    applications (with their stage history) and invitations. An application or invitation of a seeker
    without a profile goes when it has not changed since the cutoff."""
    cutoff = retention_cutoff(now)
    idle_seekers = list(
        SeekerProfile.objects.filter(last_active_at__lt=cutoff).values_list("user_id", flat=True)
    )
    seekers_with_profile = SeekerProfile.objects.values("user_id")
    stale = Q(seeker_id__in=idle_seekers) | (
        ~Q(seeker_id__in=seekers_with_profile) & Q(updated_at__lt=cutoff)
    )
    _total, applications = Application.objects.filter(stale).delete()
    _total, interests = Interest.objects.filter(stale).delete()
    _total, profiles = SeekerProfile.objects.filter(user_id__in=idle_seekers).delete()
    return RetentionRun.objects.create(
        cutoff=cutoff,
        profiles_destroyed=profiles.get("talent.SeekerProfile", 0),
        applications_destroyed=applications.get("talent.Application", 0),
        interests_destroyed=interests.get("talent.Interest", 0),
    )
