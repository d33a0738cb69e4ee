"""Who sees which employment, and each employment's milestones.

Rows: operators and the labor office (which pays on tenure) see every employment; a company its own
hires; a person their own. The city and the public see only the suppressed aggregates of
tenure.retention, never a row.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from ppuri.accounts.roles import is_signed_in, may_review_incentives
from ppuri.core import clock
from ppuri.registry.selectors import organizations_of
from ppuri.tenure.models import Employment, Milestone, MilestoneConfirmation, milestone_date


def employments_visible_to(user: Any) -> QuerySet[Employment]:
    if may_review_incentives(user):
        return Employment.objects.all()
    if not is_signed_in(user):
        return Employment.objects.none()
    return Employment.objects.filter(Q(company__in=organizations_of(user).values("pk")) | Q(person=user))


def confirmations_visible_to(user: Any) -> QuerySet[MilestoneConfirmation]:
    return MilestoneConfirmation.objects.filter(employment__in=employments_visible_to(user).values("pk"))


class MilestoneState:
    UPCOMING = "upcoming"
    AWAITING = "awaiting"  # reached, not yet confirmed by the company
    CONFIRMED = "confirmed"
    LOST = "lost"  # left before it


@dataclass(frozen=True)
class MilestoneRow:
    milestone: str
    label: str
    day: date
    state: str


def milestones_of(employment: Employment, today: date | None = None) -> list[MilestoneRow]:
    today = today or clock.today()
    confirmed = {c.milestone for c in employment.confirmations.all()}
    rows = []
    for milestone in Milestone:
        day = milestone_date(employment.hired_on, milestone.value)
        if employment.separated_on is not None and employment.separated_on < day:
            state = MilestoneState.LOST
        elif milestone.value in confirmed:
            state = MilestoneState.CONFIRMED
        elif day > today:
            state = MilestoneState.UPCOMING
        else:
            state = MilestoneState.AWAITING
        rows.append(MilestoneRow(milestone=milestone.value, label=str(milestone.label), day=day, state=state))
    return rows
