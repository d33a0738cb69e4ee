"""Tenure of every hire at a complex company, with an incentive or without: when it began, where, and
when and why it ended. Retention curves and the incentive forecast read these rows.

An employment keeps no personal data of its own: the person is a link to an account (gone when the
account is erased), so the counts behind the curves outlive the personal data's retention.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ppuri.core.clock import add_months
from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization, Site


class SeparationReason(models.TextChoices):
    VOLUNTARY = "voluntary", _("자진 퇴사")
    DISMISSAL = "dismissal", _("해고")
    CONTRACT_END = "contract_end", _("계약 만료")
    OTHER = "other", _("기타")


class Milestone(models.TextChoices):
    """The tenure points followed for every hire (100일째, then months)."""

    DAYS_100 = "100d", _("100일")
    MONTHS_3 = "3m", _("3개월")
    MONTHS_6 = "6m", _("6개월")
    MONTHS_12 = "12m", _("12개월")
    MONTHS_18 = "18m", _("18개월")
    MONTHS_24 = "24m", _("24개월")


MILESTONE_MONTHS = {"3m": 3, "6m": 6, "12m": 12, "18m": 18, "24m": 24}


def milestone_date(hired_on: date, milestone: str) -> date:
    """The day a milestone is reached: the 100th day counting the first (hire day + 99), or the same
    day of the month so many months later."""
    if milestone == Milestone.DAYS_100:
        return hired_on + timedelta(days=99)
    return add_months(hired_on, MILESTONE_MONTHS[milestone])


class Employment(TimeStampedModel):
    class Source(models.TextChoices):
        JOB_APPLICATION = "job_application", _("채용 공고 지원")
        INCENTIVE = "incentive", _("장려금 신청")
        GRADUATE = "graduate", _("대학원 졸업생 취업")

    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="employments")
    site = models.ForeignKey(Site, verbose_name=_("근무 사업장"), null=True, on_delete=models.SET_NULL)
    # Copied at the hire, so the curves keep their groups when a site moves or is deleted.
    complex = models.ForeignKey(Complex, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    technology = models.ForeignKey(
        Technology, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="employments"
    )
    job_application = models.OneToOneField(
        "talent.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="employment"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    hired_on = models.DateField(_("입사일"))
    separated_on = models.DateField(_("퇴사일"), null=True, blank=True)
    separation_reason = models.CharField(
        _("퇴사 사유"), max_length=20, choices=SeparationReason.choices, blank=True
    )
    separation_reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-hired_on", "-id"]
        indexes = [models.Index(fields=["hired_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(separated_on__isnull=True) | Q(separated_on__gte=F("hired_on")),
                name="employment_separated_after_hired",
            ),
            models.CheckConstraint(
                condition=Q(separated_on__isnull=True, separation_reason="")
                | Q(separated_on__isnull=False) & ~Q(separation_reason=""),
                name="employment_separation_has_reason",
            ),
        ]
        verbose_name = _("재직")
        verbose_name_plural = _("재직")

    def __str__(self) -> str:
        return _("%(company)s 재직 #%(pk)s") % {"company": self.company, "pk": self.pk}


class MilestoneConfirmation(TimeStampedModel):
    """The company confirmed the person was still employed at a milestone."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="confirmations")
    milestone = models.CharField(max_length=4, choices=Milestone.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employment", "milestone"], name="uniq_milestone_confirmation")
        ]
