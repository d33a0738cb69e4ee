"""Reads of the matchmaking days, each through the visibility rules (programs.selectors.visibility), and
the two questions every write and page asks: who may organise an event (the staff, or the event's own
organiser) and who may act for a participant (the members of its company, or the organiser for anyone —
an investor has no account of their own)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ppuri.accounts.roles import is_signed_in, may_use_company_tools, runs_programs
from ppuri.core.permissions import deny
from ppuri.programs.models import Event, EventTable, Meeting, MeetingRequest, Participant, Slot
from ppuri.programs.selectors import visibility
from ppuri.registry.models import Organization
from ppuri.registry.selectors import is_member, organizations_of


def may_organise(user: Any, event: Event) -> bool:
    """The programmes' staff organise every event; anyone else only the event they organise."""
    if runs_programs(user):
        return True
    return is_signed_in(user) and event.organiser_id == user.pk


def may_act_for(user: Any, participant: Participant) -> bool:
    """The members of a participant's company act for it; the organiser acts for every participant."""
    if participant.organization_id is not None and is_member(
        user=user, organization_id=participant.organization_id
    ):
        return True
    return may_organise(user, participant.event)


def event_get_for_user(*, user: Any, pk: int) -> Event:
    """An event the viewer may see (404 otherwise: a draft's existence does not leak)."""
    return get_object_or_404(visibility.events_visible_to(user).select_related("organiser"), pk=pk)


def event_get_for_organiser(*, user: Any, pk: int) -> Event:
    """404 when the viewer may not know the event, 403 when they may see it but not organise it."""
    event = event_get_for_user(user=user, pk=pk)
    if not may_organise(user, event):
        deny(visible=True)
    return event


def own_participants(*, user: Any, event: Event) -> QuerySet[Participant]:
    """The user's own participations in the event: their companies' (none for anonymous visitors)."""
    if not is_signed_in(user):
        return Participant.objects.none()
    return Participant.objects.filter(event=event, organization__in=organizations_of(user).values("pk"))


def participants_of(*, user: Any, event: Event) -> QuerySet[Participant]:
    """The participants of the event this viewer may see: all for the staff, the organiser and the
    participants; none for anybody else."""
    return (
        visibility.participants_visible_to(user)
        .filter(event=event)
        .select_related("organization", "lead")
        .prefetch_related("wanted_technologies")
    )


def participant_get_for_user(*, user: Any, event: Event, pk: int) -> Participant:
    return get_object_or_404(participants_of(user=user, event=event), pk=pk)


def participant_schedule_get_for_user(*, user: Any, event: Event, pk: int) -> Participant:
    """A participant's own schedule: the participant's people and the organiser (a fellow participant
    may know the participant exists, 403; anybody else 404)."""
    participant = participant_get_for_user(user=user, event=event, pk=pk)
    if not may_act_for(user, participant):
        deny(visible=True)
    return participant


def request_get_for_user(*, user: Any, pk: int) -> MeetingRequest:
    return get_object_or_404(
        visibility.requests_visible_to(user).select_related(
            "event", "requester__organization", "target__organization"
        ),
        pk=pk,
    )


def meeting_get_for_user(*, user: Any, pk: int) -> Meeting:
    return get_object_or_404(
        visibility.meetings_visible_to(user).select_related(
            "event", "slot", "table", "first__organization", "second__organization"
        ),
        pk=pk,
    )


def meetings_of(*, user: Any, event: Event) -> QuerySet[Meeting]:
    """The event's meetings this viewer may see, in time and table order."""
    return (
        visibility.meetings_visible_to(user)
        .filter(event=event)
        .select_related("slot", "table", "first", "second", "request")
        .order_by("slot__starts_at", "table_id", "pk")
    )


def requests_of(*, user: Any, event: Event) -> QuerySet[MeetingRequest]:
    return (
        visibility.requests_visible_to(user)
        .filter(event=event)
        .select_related("requester", "target")
        .order_by("created_at", "pk")
    )


def registrable_companies(*, user: Any, event: Event) -> QuerySet[Organization]:
    """The companies a company member may still register for an open event (their own, once each)."""
    if event.status != Event.Status.OPEN or not may_use_company_tools(user):
        return Organization.objects.none()
    return (
        organizations_of(user)
        .filter(kind=Organization.Kind.COMPANY)
        .exclude(event_participations__event=event)
        .order_by("name")
    )


@dataclass
class GridRow:
    slot: Slot
    cells: list[Meeting | None]


def schedule_grid(*, event: Event, meetings: list[Meeting]) -> tuple[list[EventTable], list[GridRow]]:
    """The organiser's grid: one row per slot, one column per table."""
    tables = list(event.tables.order_by("pk"))
    column = {table.pk: index for index, table in enumerate(tables)}
    rows = {
        slot.pk: GridRow(slot=slot, cells=[None] * len(tables))
        for slot in event.slots.order_by("starts_at", "pk")
    }
    for meeting in meetings:
        row = rows.get(meeting.slot_id)
        if row is not None and meeting.table_id in column:
            row.cells[column[meeting.table_id]] = meeting
    return tables, list(rows.values())


def meetings_of_participant(*, participant: Participant) -> list[Meeting]:
    """A participant's own meetings, for their printable schedule."""
    return list(
        Meeting.objects.filter(Q(first=participant) | Q(second=participant))
        .select_related("slot", "table", "first__organization", "second__organization")
        .order_by("slot__starts_at", "pk")
    )


@dataclass
class EventView:
    """What one viewer may see and do on an event's page, decided here rather than in the view."""

    event: Event
    organiser: bool
    mine: list[Participant]
    participants: list[Participant] | None
    requests_made: list[MeetingRequest] = field(default_factory=list)
    requests_received: list[MeetingRequest] = field(default_factory=list)
    my_meetings: list[Meeting] = field(default_factory=list)
    all_requests: list[MeetingRequest] = field(default_factory=list)
    all_meetings: list[Meeting] = field(default_factory=list)
    registrable: list[Organization] = field(default_factory=list)

    @property
    def may_request(self) -> bool:
        return bool(self.mine) and self.event.status in (Event.Status.OPEN, Event.Status.SCHEDULED)


def event_view_for(user: Any, event: Event) -> EventView:
    organiser = may_organise(user, event)
    mine = list(own_participants(user=user, event=event).select_related("organization"))
    sees_participants = organiser or bool(mine)
    participants = list(participants_of(user=user, event=event)) if sees_participants else None
    view = EventView(
        event=event,
        organiser=organiser,
        mine=mine,
        participants=participants,
        registrable=list(registrable_companies(user=user, event=event)),
    )
    if mine:
        mine_pks = {p.pk for p in mine}
        requests = list(
            requests_of(user=user, event=event).filter(Q(requester__in=mine_pks) | Q(target__in=mine_pks))
        )
        view.requests_made = [r for r in requests if r.requester_id in mine_pks]
        view.requests_received = [r for r in requests if r.target_id in mine_pks]
        view.my_meetings = list(
            meetings_of(user=user, event=event).filter(Q(first__in=mine_pks) | Q(second__in=mine_pks))
        )
    if organiser:
        view.all_requests = list(requests_of(user=user, event=event))
        view.all_meetings = list(meetings_of(user=user, event=event))
    return view


def events_listed(*, user: Any) -> QuerySet[Event]:
    """The events list: what the viewer may see, newest first."""
    return visibility.events_visible_to(user).order_by("-held_on", "pk")
