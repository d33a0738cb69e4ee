"""The programmes demo's calendar: steps planned on their days, run in date order with core.clock fixed
to each day (the services refuse a visit, an outcome or an output dated after today), and what a day's
steps wrote then dated to that day, as the graduate and desk demos do.

The services stamp timezone.now(): every row a day's steps write or touch carries a time after the day
began running, and every step's day lies before today, so a row dated once is never moved again by a
later day. A day's steps are dated at nine in the morning plus a minute per day run so far on that day
(the stories run one after another), which keeps the activity log in the order things happened."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from ppuri.challenges.models import Challenge
from ppuri.core import clock
from ppuri.core.models import ActivityLog, Notification
from ppuri.programs.models import (
    BudgetChange,
    BudgetLine,
    Document,
    Event,
    FollowUp,
    Lead,
    LeadStageChange,
    Meeting,
    MeetingRequest,
    Milestone,
    Output,
    Participant,
    Project,
    SubProject,
    Visit,
)
from ppuri.talent.models import JobPosting

SEOUL = ZoneInfo("Asia/Seoul")
STAMPED = ("created_at", "updated_at")

# The time fields of what the programmes' services write (and of what a visit's routing opens).
FIELDS: dict[Any, tuple[str, ...]] = {
    Project: STAMPED,
    SubProject: STAMPED,
    BudgetLine: STAMPED,
    BudgetChange: ("changed_at",),
    Milestone: STAMPED,
    Output: STAMPED,
    Document: STAMPED,
    Lead: STAMPED,
    LeadStageChange: ("changed_at",),
    Visit: STAMPED,
    FollowUp: STAMPED,
    JobPosting: STAMPED,
    Challenge: STAMPED,
    Event: STAMPED,
    Participant: STAMPED,
    MeetingRequest: STAMPED,
    Meeting: (*STAMPED, "outcome_recorded_at"),
    ActivityLog: ("created_at",),
    Notification: ("created_at",),
}
PROJECTS = (Project, SubProject, BudgetLine, BudgetChange, Milestone, Output, Document)
PIPELINE = (Lead, LeadStageChange)
VISITS = (Visit, FollowUp, JobPosting, Challenge, Lead, LeadStageChange)
EVENTS = (Event, Participant, MeetingRequest, Meeting)


def weekday(day: date) -> date:
    """The day, or the Friday before it when it falls on a weekend (the staff work on weekdays)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def weekday_after(day: date) -> date:
    """The day, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


@dataclass
class _Step:
    day: date
    seq: int
    action: Callable[[], Any]


class Calendar:
    """The day of loading and how many days were run on each date so far, shared by the stories of one
    load."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.runs_per_day: Counter[date] = Counter()

    def moment(self, day: date) -> datetime:
        minute = self.runs_per_day[day]
        self.runs_per_day[day] += 1
        return datetime.combine(day, time(9, 0), tzinfo=SEOUL) + timedelta(minutes=minute)


class Timeline:
    """Steps by day for one story; `run` runs those before today in date order (steps of the same day
    in the order they were planned) and dates what they wrote to their day."""

    def __init__(self, calendar: Calendar, *, writes: Iterable[Any]) -> None:
        self.calendar = calendar
        self.writes = [*dict.fromkeys(writes), ActivityLog, Notification]
        self.steps: list[_Step] = []

    def at(self, day: date, action: Callable[..., Any], *args: Any) -> None:
        """Run `action(*args)` on `day`."""
        self.steps.append(_Step(day, len(self.steps), partial(action, *args)))

    def run(self) -> None:
        today = self.calendar.today
        due = sorted((s for s in self.steps if s.day < today), key=lambda s: (s.day, s.seq))
        for day, group in groupby(due, key=lambda s: s.day):
            started = timezone.now()
            with clock.fixed(day):
                for step in group:
                    step.action()
            self._date(started, self.calendar.moment(day))

    def _date(self, started: datetime, when: datetime) -> None:
        for model in self.writes:
            names = FIELDS[model]
            if len(names) == 1:
                model.objects.filter(**{f"{names[0]}__gte": started}).update(**{names[0]: when})
                continue
            fresh = Q()
            for name in names:
                fresh |= Q(**{f"{name}__gte": started})
            model.objects.filter(fresh).update(
                **{
                    name: Case(
                        When(**{f"{name}__gte": started}, then=Value(when)),
                        default=F(name),
                        output_field=DateTimeField(),
                    )
                    for name in names
                }
            )
