"""Writes of tenure: a hire starts an employment (from the jobs app's hired stage or an incentive
case), the company records a separation or confirms a milestone. Each checks who may, runs in one
transaction and goes to the activity log."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.core.permissions import is_operator
from ppuri.registry.models import Organization, Site
from ppuri.registry.selectors import is_member
from ppuri.tenure.models import Employment, Milestone, MilestoneConfirmation, SeparationReason, milestone_date
from ppuri.tenure.signals import employment_separated


def require_company_side(actor: Any, company_id: int) -> None:
    """The employing company's staff, or an operator."""
    if not (is_operator(actor) or is_member(user=actor, organization_id=company_id)):
        raise PermissionDenied


def employment_start(
    *,
    company: Organization,
    site: Site | None,
    hired_on: date,
    source: str,
    technology: Any = None,
    person: Any = None,
    job_application: Any = None,
) -> Employment:
    """The employment of a hire; a job application's hire has one employment, however often it is
    reported."""
    values = {
        "company": company,
        "site": site,
        "complex_id": site.complex_id if site is not None else None,
        "technology": technology,
        "person": person,
        "source": source,
        "hired_on": hired_on,
    }
    if job_application is not None:
        employment, _created = Employment.objects.update_or_create(
            job_application=job_application, defaults=values
        )
        return employment
    return Employment.objects.create(**values)


def employment_of_hire(sender: Any, application: Any, **kwargs: Any) -> None:
    """The talent.signals.application_hired receiver: the hire's employment, from its date and site."""
    employment_start(
        company=application.job.company,
        site=application.hire_site,
        hired_on=application.hired_on,
        source=Employment.Source.JOB_APPLICATION,
        technology=application.job.technology,
        person=application.seeker,
        job_application=application,
    )


@transaction.atomic
def employment_separate(*, actor: Any, employment: Employment, separated_on: date, reason: str) -> Employment:
    """The person left on `separated_on` (the last day employed) for `reason`; what was owed after it is
    released by the incentives (the employment_separated signal)."""
    require_company_side(actor, employment.company_id)
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    errors: dict[str, str] = {}
    if employment.separated_on is not None:
        raise ValidationError(
            _("이미 %(day)s 퇴사로 기록되었습니다.") % {"day": employment.separated_on.isoformat()}
        )
    if reason not in SeparationReason.values:
        errors["reason"] = _("퇴사 사유를 고르세요.")
    if separated_on < employment.hired_on:
        errors["date"] = _("퇴사일이 입사일(%(day)s)보다 앞섭니다.") % {
            "day": employment.hired_on.isoformat()
        }
    elif separated_on > clock.today():
        errors["date"] = _("퇴사일은 오늘이나 그 전 날짜여야 합니다.")
    if errors:
        raise ValidationError(errors)
    employment.separated_on = separated_on
    employment.separation_reason = reason
    employment.separation_reported_at = timezone.now()
    employment.save()
    label = SeparationReason(reason).label
    activity_log(
        actor=actor,
        verb="tenure.separated",
        target=employment,
        scope=employment.company,
        summary=lambda: (
            _("퇴사를 기록했습니다: %(day)s, %(reason)s") % {"day": separated_on.isoformat(), "reason": label}
        ),
    )
    employment_separated.send(sender=Employment, employment=employment, actor=actor)
    return employment


@transaction.atomic
def milestone_confirm(*, actor: Any, employment: Employment, milestone: str) -> MilestoneConfirmation:
    """The company confirms the person was still employed on the milestone's day."""
    require_company_side(actor, employment.company_id)
    if milestone not in Milestone.values:
        raise ValidationError({"milestone": _("알 수 없는 근속 시점입니다.")})
    day = milestone_date(employment.hired_on, milestone)
    if day > clock.today():
        raise ValidationError(
            {"milestone": _("%(day)s 이후에 확인할 수 있습니다.") % {"day": day.isoformat()}}
        )
    if employment.separated_on is not None and employment.separated_on < day:
        raise ValidationError({"milestone": _("그 전에 퇴사한 것으로 기록되어 있습니다.")})
    confirmation, created = MilestoneConfirmation.objects.get_or_create(
        employment=employment, milestone=milestone, defaults={"confirmed_by": actor}
    )
    if created:
        label = Milestone(milestone).label
        activity_log(
            actor=actor,
            verb="tenure.milestone_confirmed",
            target=employment,
            scope=employment.company,
            summary=lambda: _("근속 %(milestone)s 재직을 확인했습니다.") % {"milestone": label},
        )
    return confirmation
