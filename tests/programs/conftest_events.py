"""A matchmaking day for the events tests, built through the services: a city officer's event on
2026-10-15 at the Namdong complex's support centre, one morning session of slots and a few tables;
helpers for companies that take part (each with a member), investors, a crowd of participants with
random caps and requests between them, and the checks every written schedule must pass."""

import random
from collections import Counter
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count

from ppuri.accounts.models import Role
from ppuri.programs.models import Event, Meeting, MeetingRequest, MeetingSeat, Participant
from ppuri.programs.services import events as services
from ppuri.programs.services import events_participants as participation
from ppuri.reference.models import Process, Technology
from tests.factories import (
    CapabilityFactory,
    MembershipFactory,
    OrganizationFactory,
    SiteFactory,
    UserFactory,
)

DAY = date(2026, 10, 15)
SEOUL = ZoneInfo("Asia/Seoul")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), tzinfo=SEOUL)


def make_event(
    organiser, *, slots: int = 6, tables: int = 3, status: str = Event.Status.OPEN, max_meetings: int = 6
) -> Event:
    event = services.event_create(
        user=organiser,
        data=services.EventInput(
            title="2026 뿌리기업 구매상담회",
            held_on=DAY,
            venue="남동산업단지 지원센터",
            description="수요기업과 뿌리기업의 1:1 구매상담",
            max_meetings=max_meetings,
        ),
    )
    if slots:
        services.session_add(
            user=organiser,
            event=event,
            title="오전 상담",
            starts_at=at(10),
            slot_minutes=20,
            slot_count=slots,
        )
    if tables:
        services.tables_add(user=organiser, event=event, count=tables)
    if status in (Event.Status.OPEN, Event.Status.SCHEDULED, Event.Status.FINISHED):
        services.event_open(user=organiser, event=event)
    if status in (Event.Status.SCHEDULED, Event.Status.FINISHED):
        services.event_close(user=organiser, event=event)
    if status == Event.Status.FINISHED:
        services.event_finish(user=organiser, event=event)
    event.refresh_from_db()
    return event


def company(name: str, *, process: str = "casting.die-casting", username: str | None = None):
    """A registry company with a site in Namdong, one capability and a member; returns (org, member)."""
    organization = OrganizationFactory(name=name)
    SiteFactory(organization=organization)
    CapabilityFactory(organization=organization, process=Process.objects.get(slug=process))
    member = MembershipFactory(
        organization=organization, user__username=username or f"member-{organization.pk}"
    ).user
    return organization, member


def join(event: Event, organization, member, **profile) -> Participant:
    """The member registers their company (while the event is open), else the organiser does."""
    data = participation.ParticipantInput(organization=organization, **profile)
    user = member if event.status == Event.Status.OPEN else event.organiser
    return participation.participant_register(user=user, event=event, data=data)


def investor(event: Event, name: str = "Lumen Robotics Capital", **profile) -> Participant:
    data = participation.ParticipantInput(
        name=name, kind=Participant.Kind.INVESTOR, language="en", interpreter_needed=True, **profile
    )
    return participation.participant_register(user=event.organiser, event=event, data=data)


def ask(
    requester: Participant, target: Participant, *, user=None, reason: str = "다이캐스팅 하우징 견적 상담"
) -> MeetingRequest:
    actor = user or requester.event.organiser
    return participation.meeting_request_create(user=actor, requester=requester, target=target, reason=reason)


def technology(slug: str) -> Technology:
    return Technology.objects.get(slug=slug)


def assert_the_schedule_holds(event: Event) -> None:
    """What the database must show after any schedule change."""
    seats = MeetingSeat.objects.filter(meeting__event=event)
    assert not seats.values("participant", "slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert (
        not Meeting.objects.filter(event=event)
        .values("slot", "table")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    rows = list(Meeting.objects.filter(event=event).prefetch_related("seats"))
    for meeting in rows:
        assert {(s.participant_id, s.slot_id) for s in meeting.seats.all()} == {
            (meeting.first_id, meeting.slot_id),
            (meeting.second_id, meeting.slot_id),
        }
    held = Counter(seats.values_list("participant", flat=True))
    for participant in event.participants.all():
        assert held[participant.pk] <= participant.cap, participant


def crowd(event: Event, n: int, *, seed: int = 17) -> list[Participant]:
    """n registry companies registered by the organiser, with caps of 3 to 6 (some left to the event's)."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        organization = OrganizationFactory(name=f"상담회참가{i:02d}(주)")
        cap = rng.choice([None, 3, 4, 5, 6])
        people.append(
            participation.participant_register(
                user=event.organiser,
                event=event,
                data=participation.ParticipantInput(organization=organization, max_meetings=cap),
            )
        )
    return people


def requests_between(
    event: Event, people: list[Participant], n: int, *, seed: int = 17
) -> list[MeetingRequest]:
    """n requests between distinct pairs (never both directions), about half of them accepted."""
    rng = random.Random(seed)
    seen: set[frozenset[int]] = set()
    made = []
    while len(made) < n:
        a, b = rng.sample(people, 2)
        if frozenset((a.pk, b.pk)) in seen:
            continue
        seen.add(frozenset((a.pk, b.pk)))
        request = ask(a, b, reason=f"{a.name}의 {b.name} 상담 요청")
        if rng.random() < 0.5:
            participation.meeting_request_accept(user=event.organiser, request=request)
        made.append(request)
    return made


@pytest.fixture(name="organiser")
def organiser_fixture(db):
    """The city's programme officer who runs the day (a city-role user, like the other programme staff)."""
    return UserFactory(username="event-organiser", role=Role.CITY, display_name="인천시 상담회 담당자")


@pytest.fixture(name="event")
def event_fixture(organiser):
    return make_event(organiser)
