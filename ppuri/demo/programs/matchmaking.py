"""The demo's matchmaking day (data/programs.toml, [event]): held about two weeks before the day of
loading, so it is over and its outcomes are recorded — the services allow all of it on past days with
core.clock fixed to each.

The city's staff create it six weeks ahead (two sessions, eight tables) and open registration; the
companies with an account register themselves (the `supplier` and `buyer` accounts among them), the
organiser registers the others and the three investors linked to their leads; the participants' own
people (or the organiser, for a company without an account and for the investors) ask for meetings
with a reason and answer them — most accepted. The organiser schedules with the scheduling service
(no one double-booked, caps kept, accepted requests first), adjusts by hand (a meeting with an
interpreter moved to the last table, a meeting on a request nobody answered taken out, a pair the run
could not place added where both are free, or a participant left without a meeting paired with its
best suggestion), confirms the schedule, and after the day the outcomes are
recorded by a side's own people or the organiser: quotes, samples, contracts, MOUs and no-shows,
written back to the companies' records by the service."""

import random
from datetime import datetime, time, timedelta

from ppuri.accounts.models import Role, User
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.dating import EVENTS, SEOUL, Calendar, Timeline, weekday, weekday_after
from ppuri.demo.programs.matchmaking_plan import Candidate, EventPlan, PlannedRequest
from ppuri.programs.matchmaking import suggestions
from ppuri.programs.models import (
    Event,
    EventTable,
    Lead,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Participant,
    Slot,
)
from ppuri.programs.services import events, events_meetings, events_participants
from ppuri.reference.models import Technology
from ppuri.registry.models import Membership, Organization

OUTCOME_NOTES = {
    "quote": "견적 요청서를 받기로 했습니다.",
    "sample": "시제품(샘플) 제작에 합의했습니다.",
    "contract": "시제품 발주 계약을 맺었습니다.",
    "mou": "기술 협력 양해각서(MOU)를 맺기로 했습니다.",
    "no_show": "상대 참가자가 오지 않았습니다.",
    "talked": "",
}


class MatchmakingStory:
    def __init__(self, *, seed: int, organiser: User, plan: EventPlan, calendar: Calendar) -> None:
        self.seed = seed
        self.organiser = organiser
        self.plan_ = plan
        self.config = data_file("programs.toml")["event"]
        self.timeline = Timeline(calendar, writes=EVENTS)
        self.event: Event | None = None
        self.participants: dict[str, Participant] = {}
        self.requests: dict[tuple[str, str], MeetingRequest] = {}
        self.unscheduled: list[events_meetings.UnscheduledPair] = []
        self.members = self._members()

    def _members(self) -> dict[int, User]:
        """The first company-role account of each participating company (who acts for it)."""
        ids = [c.organization_id for c in self.plan_.participants if c.organization_id is not None]
        members: dict[int, User] = {}
        for membership in (
            Membership.objects.filter(organization_id__in=ids, user__is_active=True, user__role=Role.COMPANY)
            .select_related("user")
            .order_by("pk")
        ):
            members.setdefault(membership.organization_id, membership.user)
        return members

    def acting_for(self, candidate_key: str) -> User:
        participant = self.participants[candidate_key]
        return self.members.get(participant.organization_id or 0, self.organiser)

    def plan(self) -> None:
        day = self.plan_.held_on
        self.timeline.at(weekday(day - timedelta(days=45)), self._create)
        self.timeline.at(weekday(day - timedelta(days=40)), self._open)
        for candidate in self.plan_.participants:
            self.timeline.at(self.plan_.registered_on[candidate.key], self._register, candidate)
        for request in self.plan_.requests:
            self.timeline.at(request.asked_on, self._ask, request)
            if request.answer != "pending":
                self.timeline.at(request.answered_on, self._answer, request)
        self.timeline.at(weekday(day - timedelta(days=6)), self._schedule)
        self.timeline.at(weekday(day - timedelta(days=5)), self._adjust)
        self.timeline.at(weekday(day - timedelta(days=4)), self._close)
        self.timeline.at(day, self._finish)
        self.timeline.at(weekday_after(day + timedelta(days=1)), self._outcomes, 0)
        self.timeline.at(weekday_after(day + timedelta(days=4)), self._outcomes, 1)

    def run(self) -> None:
        self.timeline.run()

    # before the day --------------------------------------------------------------------------------

    def _create(self) -> None:
        config, day = self.config, self.plan_.held_on
        event = events.event_create(
            user=self.organiser,
            data=events.EventInput(
                title=config["title"],
                title_en=config["title_en"],
                description=config["description"],
                description_en=config["description_en"],
                held_on=day,
                venue=config["venue"],
                max_meetings=config["max_meetings"],
            ),
        )
        for session in config["sessions"]:
            hour, minute = (int(part) for part in session["start"].split(":"))
            events.session_add(
                user=self.organiser,
                event=event,
                title=session["title"],
                starts_at=datetime.combine(day, time(hour, minute), tzinfo=SEOUL),
                slot_minutes=session["minutes"],
                slot_count=session["slots"],
            )
        events.tables_add(user=self.organiser, event=event, count=config["tables"], prefix="T")
        self.event = event

    def _open(self) -> None:
        assert self.event is not None
        self.event = events.event_open(user=self.organiser, event=self.event)

    def _register(self, candidate: Candidate) -> None:
        assert self.event is not None
        needs = self.plan_.needs.get(candidate.key, [])
        technologies = sorted({need.technology for need in needs} | set(candidate.wants))
        if candidate.kind == "investor":
            code_name = candidate.key.split(":", 1)[1]
            row = next(r for r in self.config["investors"] if r["lead"] == code_name)
            data = events_participants.ParticipantInput(
                name=candidate.name,
                kind=Participant.Kind.INVESTOR,
                lead=Lead.objects.get(code_name=code_name),
                needs="한국 생산 거점의 협력사를 찾습니다.",
                wanted_technologies=list(Technology.objects.filter(slug__in=technologies).order_by("pk")),
                max_meetings=5,
                language=row["language"],
                interpreter_needed=row["interpreter"],
            )
            user = self.organiser
        else:
            assert candidate.organization_id is not None
            organization = Organization.objects.get(pk=candidate.organization_id)
            data = events_participants.ParticipantInput(
                organization=organization,
                kind=Participant.Kind.COMPANY,
                needs=", ".join(need.text for need in needs),
                offers=", ".join(candidate.processes.values()),
                wanted_technologies=list(Technology.objects.filter(slug__in=technologies).order_by("pk")),
            )
            user = self.members.get(organization.pk, self.organiser)
        self.participants[candidate.key] = events_participants.participant_register(
            user=user, event=self.event, data=data
        )

    def _ask(self, planned: PlannedRequest) -> None:
        requester = self.participants[planned.requester]
        self.requests[(planned.requester, planned.target)] = events_participants.meeting_request_create(
            user=self.acting_for(planned.requester),
            requester=requester,
            target=self.participants[planned.target],
            reason=planned.reason,
        )

    def _answer(self, planned: PlannedRequest) -> None:
        request = self.requests[(planned.requester, planned.target)]
        if planned.answer == "cancelled":
            events_participants.meeting_request_cancel(
                user=self.acting_for(planned.requester), request=request
            )
            return
        answer = (
            events_participants.meeting_request_accept
            if planned.answer == "accepted"
            else events_participants.meeting_request_decline
        )
        answer(user=self.acting_for(planned.target), request=request)

    def _schedule(self) -> None:
        assert self.event is not None
        result = events_meetings.event_schedule(user=self.organiser, event=self.event)
        self.unscheduled = result.unscheduled

    def _free_place(self, people: list[Participant], slots: list[Slot]) -> tuple[Slot, EventTable] | None:
        """The first slot of `slots` where all `people` are free and a table is, with that table."""
        assert self.event is not None
        tables = list(self.event.tables.order_by("-pk"))  # from the last table: the quiet end of the room
        for slot in slots:
            if MeetingSeat.objects.filter(slot=slot, participant__in=people).exists():
                continue
            used = set(Meeting.objects.filter(slot=slot).values_list("table_id", flat=True))
            for table in tables:
                if table.pk not in used:
                    return slot, table
        return None

    def _adjust(self) -> None:
        assert self.event is not None
        event, slots = self.event, list(self.event.slots.order_by("starts_at", "pk"))
        last_table = event.tables.order_by("-pk").first()
        # An interpreter sits at the last table: a meeting that needs one moves there when it is free.
        for meeting in Meeting.objects.filter(event=event, interpreter=True).exclude(table=last_table):
            if not Meeting.objects.filter(slot=meeting.slot, table=last_table).exists():
                events_meetings.meeting_move(
                    user=self.organiser, meeting=meeting, slot=meeting.slot, table=last_table
                )
                break
        # A meeting on a request nobody answered is taken out before the schedule is confirmed.
        unanswered = (
            Meeting.objects.filter(event=event, request__status=MeetingRequest.Status.PENDING)
            .order_by("slot__starts_at", "table_id")
            .first()
        )
        if unanswered is not None:
            events_meetings.meeting_remove(user=self.organiser, meeting=unanswered)
        # A pair the run could not place, placed by hand where both are free and under their caps now;
        # else a participant left without a meeting, paired with the registry's best suggestion for it.
        pairs = [(pair.first, pair.second, "") for pair in self.unscheduled]
        for participant in event.participants.exclude(seats__isnull=False).order_by("pk"):
            for suggestion in suggestions(event, viewer=self.organiser, participant=participant, limit=3):
                pairs.append((suggestion.seeker, suggestion.supplier, "; ".join(suggestion.reasons)[:500]))
        for first, second, reason in pairs:
            if any(
                MeetingSeat.objects.filter(participant=p).count() >= events_meetings.cap_of(p, event)
                for p in (first, second)
            ):
                continue
            place = self._free_place([first, second], slots)
            if place is not None:
                events_meetings.meeting_add(
                    user=self.organiser,
                    event=event,
                    first=first,
                    second=second,
                    slot=place[0],
                    table=place[1],
                    reason=reason,
                )
                break

    def _close(self) -> None:
        assert self.event is not None
        self.event = events.event_close(user=self.organiser, event=self.event)

    # the day and after -----------------------------------------------------------------------------

    def _finish(self) -> None:
        assert self.event is not None
        self.event = events.event_finish(user=self.organiser, event=self.event)

    def _outcomes(self, half: int) -> None:
        """Half of the meetings' outcomes on each of two days after the event (by the seed)."""
        assert self.event is not None
        rng = random.Random(self.seed + 37)
        weights = self.config["outcomes"]
        meetings = list(
            Meeting.objects.filter(event=self.event)
            .select_related("first", "second")
            .order_by("slot__starts_at", "table_id", "pk")
        )
        for index, meeting in enumerate(meetings):
            outcome = rng.choices(list(weights), weights=list(weights.values()))[0]
            if index % 2 != half or not outcome:
                continue
            recorder = self._recorder(meeting)
            events_meetings.meeting_outcome_record(
                user=recorder, meeting=meeting, outcome=outcome, note=OUTCOME_NOTES[outcome]
            )

    def _recorder(self, meeting: Meeting) -> User:
        """A side's own people if it has an account, else the organiser."""
        for side in (meeting.first, meeting.second):
            if side.organization_id in self.members:
                return self.members[side.organization_id]
        return self.organiser
