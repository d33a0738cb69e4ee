"""The graduate demo's calendar: weekdays and the days of a cohort's year, the order of a day's steps,
and the timeline that runs the steps in date order and dates what they wrote."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from ppuri.core import clock
from ppuri.core.models import ActivityLog, Notification
from ppuri.graduate.models import (
    Cohort,
    Internship,
    Match,
    NdaAcceptance,
    Placement,
    Project,
    ProjectInterest,
    Student,
    ThesisMilestone,
)
from ppuri.tenure.models import Employment

_SEOUL = ZoneInfo("Asia/Seoul")

# The order of a day's steps (a later step may need an earlier one of the same day).
COHORT, ENROL, SIGNUP, PROPOSE, PUBLISH, INTEREST, LEAVE, MATCH, REVIEW, GRADUATE, COMPLETE = range(11)
CONSENT, INTERNSHIP, PLACEMENT = 11, 12, 13


def _weekday(day: date) -> date:
    """The day, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _on(year: int, when: tuple[int, int, int]) -> date:
    years, month, day = when
    return _weekday(date(year + years, month, day))


def signup_days(year: int) -> list[date]:
    """When the cohort's students with an account sign up (after the school's welcome)."""
    return [date(year, 3, 5), date(year, 3, 12)]


def interest_days(year: int) -> list[date]:
    """When students show interest in the round's projects (before the school's match on 5-20)."""
    return [date(year, 3, 20), date(year, 4, 10), date(year, 5, 6)]


def _between(rng: random.Random, first: date, last: date) -> date:
    return _weekday(first + timedelta(days=rng.randint(0, max(0, (last - first).days))))


@dataclass
class _Event:
    day: date
    rank: int
    seq: int
    action: Callable[[], Any]


class _Timeline:
    """Steps by day, run in date order with the clock at their day; what a day's steps wrote is then
    dated to that day (at ten in the morning: the log keeps their order by id). The services stamp
    timezone.now(): every row written after `started` carries a later time until it is dated, and every
    step's day lies before today, so a dated row is never moved again."""

    # What steps of each kind write (besides the log and the notifications), with their time fields.
    WRITES: dict[int, tuple[Any, ...]] = {
        COHORT: (Cohort,),
        ENROL: (Student,),
        SIGNUP: (Student,),
        PROPOSE: (Project,),
        PUBLISH: (Project,),
        INTEREST: (NdaAcceptance, ProjectInterest),
        LEAVE: (Student, Project, ProjectInterest),
        MATCH: (Match, ThesisMilestone, Student, Project),
        REVIEW: (ThesisMilestone, Student),
        GRADUATE: (Student,),
        COMPLETE: (Project,),
        CONSENT: (Project,),
        INTERNSHIP: (Internship,),
        PLACEMENT: (Placement, Employment),
    }
    FIELDS: dict[Any, tuple[str, ...]] = {
        Cohort: ("created_at", "updated_at"),
        Student: ("created_at", "updated_at", "consented_at"),
        Project: ("created_at", "updated_at", "published_at", "completed_at"),
        NdaAcceptance: ("accepted_at",),
        ProjectInterest: ("created_at", "updated_at"),
        Match: ("created_at", "updated_at"),
        ThesisMilestone: ("created_at", "updated_at"),
        Internship: ("created_at", "updated_at"),
        Placement: ("created_at", "updated_at"),
        Employment: ("created_at", "updated_at", "separation_reported_at"),
        ActivityLog: ("created_at",),
        Notification: ("created_at",),
    }

    def __init__(self, today: date) -> None:
        self.today = today
        self.events: list[_Event] = []

    def at(self, day: date, rank: int, action: Callable[[], Any]) -> None:
        self.events.append(_Event(day, rank, len(self.events), action))

    @staticmethod
    def moment(day: date) -> datetime:
        return datetime.combine(day, time(10, 0), tzinfo=_SEOUL)

    def run(self) -> None:
        started = timezone.now()
        due = sorted((e for e in self.events if e.day < self.today), key=lambda e: (e.day, e.rank, e.seq))
        for day, group in groupby(due, key=lambda e: e.day):
            written: dict[Any, None] = {}
            with clock.fixed(day):
                for event in group:
                    event.action()
                    written.update(dict.fromkeys(self.WRITES[event.rank]))
            for model in [*written, ActivityLog, Notification]:
                self._date(model, started, self.moment(day))

    def _date(self, model: Any, started: datetime, when: datetime) -> None:
        names = self.FIELDS[model]
        if len(names) == 1:
            model.objects.filter(**{f"{names[0]}__gte": started}).update(**{names[0]: when})
            return
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
