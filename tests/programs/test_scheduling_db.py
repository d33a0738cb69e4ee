"""The property test written to the database: random days (up to 40 participants with random caps, up to
120 requests accepted or pending, random slots and tables, a few meetings placed by hand first) go
through the organiser's adjustments and event_schedule; the database's constraints (one seat per
participant and slot, one meeting per table and slot) never refuse what the services wrote, nobody is
above their cap, and every request is placed or explained."""

from collections import Counter
from contextlib import suppress

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppuri.programs.models import Event, Meeting, MeetingRequest, MeetingSeat, Participant
from ppuri.programs.services import events as services
from ppuri.programs.services import events_meetings as meetings
from tests.programs.conftest_events import DAY, assert_the_schedule_holds, at, organiser_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@st.composite
def days(draw: st.DrawFn) -> dict:
    n = draw(st.integers(min_value=2, max_value=40))
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    return {
        "caps": draw(st.lists(st.one_of(st.none(), st.integers(1, 8)), min_size=n, max_size=n)),
        "default_cap": draw(st.integers(1, 8)),
        "slots": draw(st.integers(0, 12)),
        "tables": draw(st.integers(0, 10)),
        "requests": draw(st.lists(st.tuples(pair, st.booleans()), max_size=120)),
        "manual": draw(st.lists(st.tuples(pair, st.integers(0, 11), st.integers(0, 9)), max_size=5)),
        "suggested": draw(st.booleans()),
    }


def _write_day(organiser, day: dict) -> Event:
    event = Event.objects.create(
        title="무작위 상담회", held_on=DAY, venue="남동", organiser=organiser, max_meetings=day["default_cap"]
    )
    if day["slots"]:
        services.session_add(
            user=organiser,
            event=event,
            title="상담",
            starts_at=at(9),
            slot_minutes=15,
            slot_count=day["slots"],
        )
    if day["tables"]:
        services.tables_add(user=organiser, event=event, count=day["tables"])
    Event.objects.filter(pk=event.pk).update(status=Event.Status.OPEN)
    event.refresh_from_db()
    people = Participant.objects.bulk_create(
        Participant(event=event, kind=Participant.Kind.INVESTOR, name=f"참가자{i:02d}", max_meetings=cap)
        for i, cap in enumerate(day["caps"])
    )
    seen: set[tuple[int, int]] = set()
    rows = []
    for (a, b), accepted in day["requests"]:
        if (a, b) in seen:  # one request per requester and target (the database's rule)
            continue
        seen.add((a, b))
        status = MeetingRequest.Status.ACCEPTED if accepted else MeetingRequest.Status.PENDING
        rows.append(
            MeetingRequest(
                event=event, requester=people[a], target=people[b], reason="상담 요청", status=status
            )
        )
    MeetingRequest.objects.bulk_create(rows)
    slots = list(event.slots.order_by("starts_at"))
    tables = list(event.tables.order_by("pk"))
    for (a, b), slot, table in day["manual"]:
        # A refusal by the service (double booking, cap, …) is fine: the database never had to refuse.
        with suppress(ValidationError):
            meetings.meeting_add(
                user=organiser,
                event=event,
                first=people[a],
                second=people[b],
                slot=slots[slot] if slot < len(slots) else None,
                table=tables[table] if table < len(tables) else None,
            )
    return event


def test_random_days_written_to_the_database_hold(organiser):
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(day=days())
    def check(day):
        with transaction.atomic():
            event = _write_day(organiser, day)
            manual = Meeting.objects.filter(event=event).count()
            assert_the_schedule_holds(event)
            result = meetings.event_schedule(user=organiser, event=event, include_suggested=day["suggested"])
            assert Meeting.objects.filter(event=event).count() == manual + result.scheduled
            assert MeetingSeat.objects.filter(meeting__event=event).count() == 2 * (manual + result.scheduled)
            assert_the_schedule_holds(event)
            # Every standing request is placed, explained, or its pair already meets (one meeting a pair).
            pairs = Counter(
                frozenset(p) for p in Meeting.objects.filter(event=event).values_list("first", "second")
            )
            explained = {u.request_id for u in result.unscheduled}
            for request in event.requests.all():
                assert (
                    Meeting.objects.filter(request=request).exists()
                    or request.pk in explained
                    or pairs[frozenset((request.requester_id, request.target_id))] == 1
                )
            # A second run changes nothing.
            before = set(Meeting.objects.filter(event=event).values_list("slot", "table", "first", "second"))
            meetings.event_schedule(user=organiser, event=event, include_suggested=day["suggested"])
            after = set(Meeting.objects.filter(event=event).values_list("slot", "table", "first", "second"))
            assert after == before
            transaction.set_rollback(True)

    check()
