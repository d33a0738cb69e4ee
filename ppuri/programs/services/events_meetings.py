"""A matchmaking day's schedule: the automatic run (programs.scheduling over the event's requests, and
suggested pairs when asked), the organiser's adjustments by hand, and the outcomes recorded after.

No one is double-booked whatever writes the schedule: each meeting holds one MeetingSeat per side and
the database keeps one seat per participant and slot, and one meeting per table and slot. The services
check first, so a refusal names who is already booked; every schedule change locks the event's row so
two organisers cannot race, and a constraint the database still refuses becomes the same kind of
refusal, never an error page.

An automatic run replaces the meetings earlier runs placed, except those with an outcome; meetings the
organiser placed or moved by hand (origin "manual", the request they answer still linked) stay, and
count towards caps, seats and tables."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.core.privacy import refuse_resident_numbers
from ppuri.programs import scheduling
from ppuri.programs.matchmaking import suggestions
from ppuri.programs.models import Event, EventTable, Meeting, MeetingRequest, MeetingSeat, Participant, Slot
from ppuri.programs.selectors.events import may_act_for, may_organise
from ppuri.programs.services.events import locked, require_organiser
from ppuri.programs.services.events_participants import ACTIVE_REQUEST, REASON_MAX

NOTE_MAX = 300
SCHEDULING = (Event.Status.OPEN, Event.Status.SCHEDULED)


def needs_interpreter(first: Participant, second: Participant) -> bool:
    """An interpreter sits in when either side asked for one and their languages differ."""
    return (first.interpreter_needed or second.interpreter_needed) and first.language != second.language


def cap_of(participant: Participant, event: Event) -> int:
    return participant.max_meetings or event.max_meetings


def _refuse_unless_scheduling(event: Event) -> None:
    if event.status not in SCHEDULING:
        raise ValidationError(_("참가 신청 중이거나 일정이 확정된 상담회만 일정을 바꿀 수 있습니다."))


def _write(meetings: list[Meeting]) -> list[Meeting]:
    """Meetings and their seats; a clash the database refuses is a refusal, with nothing written."""
    for meeting in meetings:  # bulk_create sends no pre_save: the privacy guard is asked here
        refuse_resident_numbers(meeting)
    try:
        with transaction.atomic():
            created = Meeting.objects.bulk_create(meetings)
            MeetingSeat.objects.bulk_create(
                MeetingSeat(meeting=meeting, participant_id=pk, slot_id=meeting.slot_id)
                for meeting in created
                for pk in (meeting.first_id, meeting.second_id)
            )
    except IntegrityError as exc:
        raise ValidationError(_("그사이 일정이 바뀌어 저장하지 못했습니다. 다시 시도해 주세요.")) from exc
    return created


# --- the automatic run ----------------------------------------------------------------------------


@dataclass
class UnscheduledPair:
    first: Participant
    second: Participant
    origin: str
    request_id: int | None
    reason: str  # scheduling.Refusal
    detail: str  # the sentence a person reads


@dataclass
class ScheduleResult:
    scheduled: int
    unscheduled: list[UnscheduledPair]
    meetings: list[Meeting]  # the event's whole schedule after the run


def _refusal_text(unplaced: scheduling.Unplaced, people: dict[int, Participant], event: Event) -> str:
    if unplaced.reason == scheduling.Refusal.CAP_REACHED and unplaced.participant is not None:
        full = people[unplaced.participant]
        return _("%(name)s의 최대 상담 수(%(cap)d회)가 이미 찼습니다.") % {
            "name": full.name,
            "cap": cap_of(full, event),
        }
    if unplaced.reason == scheduling.Refusal.NO_TABLE:
        return _("두 참가자가 함께 빈 시간에는 남은 테이블이 없습니다.")
    return _("두 참가자가 함께 빈 상담 시간이 없습니다.")


def _ordered_requests(event: Event) -> list[MeetingRequest]:
    """Accepted requests first, then pending ones, each in the order they were made."""
    return list(
        MeetingRequest.objects.filter(event=event, status__in=ACTIVE_REQUEST)
        .annotate(
            priority=Case(
                When(status=MeetingRequest.Status.ACCEPTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("priority", "created_at", "pk")
    )


@transaction.atomic
def event_schedule(*, user: Any, event: Event, include_suggested: bool = False) -> ScheduleResult:
    """Schedule the event's requests (and suggested pairs after them) into its free slots and tables."""
    require_organiser(user, event)
    event = locked(event)
    _refuse_unless_scheduling(event)
    Meeting.objects.filter(
        event=event, origin__in=(Meeting.Origin.REQUESTED, Meeting.Origin.SUGGESTED), outcome=""
    ).delete()
    people = {p.pk: p for p in event.participants.order_by("pk")}
    kept = list(Meeting.objects.filter(event=event))
    pairs = [
        scheduling.Pair(first=r.requester_id, second=r.target_id, request=r.pk, reason=r.reason)
        for r in _ordered_requests(event)
    ]
    if include_suggested:
        pairs += [
            scheduling.Pair(
                first=s.seeker.pk,
                second=s.supplier.pk,
                origin=scheduling.Origin.SUGGESTED,
                reason="; ".join(s.reasons)[:REASON_MAX],
            )
            for s in suggestions(event, viewer=user)
        ]
    outcome = scheduling.schedule(
        participants={pk: cap_of(p, event) for pk, p in people.items()},
        slots=list(event.slots.order_by("starts_at", "pk").values_list("pk", flat=True)),
        tables=list(event.tables.order_by("pk").values_list("pk", flat=True)),
        pairs=pairs,
        fixed=[scheduling.Booking(m.slot_id, m.table_id, m.first_id, m.second_id) for m in kept],
    )
    _write(
        [
            Meeting(
                event=event,
                slot_id=placed.slot,
                table_id=placed.table,
                first_id=placed.pair.first,
                second_id=placed.pair.second,
                request_id=placed.pair.request,
                origin=placed.pair.origin.value,
                reason=placed.pair.reason,
                interpreter=needs_interpreter(people[placed.pair.first], people[placed.pair.second]),
            )
            for placed in outcome.placed
        ]
    )
    unscheduled = [
        UnscheduledPair(
            first=people[u.pair.first],
            second=people[u.pair.second],
            origin=u.pair.origin.value,
            request_id=u.pair.request,
            reason=u.reason.value,
            detail=_refusal_text(u, people, event),
        )
        for u in outcome.unplaced
        if u.pair.origin == scheduling.Origin.REQUESTED
    ]
    scheduled, refused = len(outcome.placed), len(unscheduled)
    activity_log(
        actor=user,
        verb="programs.event.scheduled",
        target=event,
        summary=lambda: (
            _("상담 일정을 자동 배정했습니다: %(scheduled)d건 배정, 요청 %(refused)d건 배정 못 함.")
            % {"scheduled": scheduled, "refused": refused}
        ),
        data={"scheduled": scheduled, "unscheduled": refused, "include_suggested": include_suggested},
    )
    meetings = list(
        Meeting.objects.filter(event=event)
        .select_related("slot", "table", "first", "second")
        .order_by("slot__starts_at", "table_id", "pk")
    )
    return ScheduleResult(scheduled=scheduled, unscheduled=unscheduled, meetings=meetings)


# --- adjustments by hand --------------------------------------------------------------------------


def _time(slot: Slot) -> str:
    return f"{timezone.localtime(slot.starts_at):%H:%M}"


def _place_errors(
    *,
    event: Event,
    slot: Slot | None,
    table: EventTable | None,
    people: list[Participant],
    moving: Meeting | None,
) -> dict[str, str]:
    """Why this slot and table cannot take a meeting of `people` (empty when they can), naming who is
    already there."""
    errors: dict[str, str] = {}
    if slot is None or slot.event_id != event.pk:
        errors["slot"] = _("이 상담회의 상담 시간을 고르세요.")
    if table is None or table.event_id != event.pk:
        errors["table"] = _("이 상담회의 테이블을 고르세요.")
    if errors:
        return errors
    assert slot is not None and table is not None
    others = Meeting.objects.all() if moving is None else Meeting.objects.exclude(pk=moving.pk)
    at_table = others.filter(slot=slot, table=table).select_related("first", "second").first()
    if at_table is not None:
        errors["table"] = _("테이블 %(table)s에는 %(time)s에 이미 %(first)s·%(second)s 상담이 있습니다.") % {
            "table": table.label,
            "time": _time(slot),
            "first": at_table.first.name,
            "second": at_table.second.name,
        }
    booked = []
    for person in people:
        meeting = (
            others.filter(slot=slot)
            .filter(Q(first=person) | Q(second=person))
            .select_related("first", "second", "table")
            .first()
        )
        if meeting is not None:
            other = meeting.second if meeting.first_id == person.pk else meeting.first
            booked.append(
                _("%(name)s은(는) %(time)s에 이미 %(other)s와(과) 상담이 있습니다(테이블 %(table)s).")
                % {
                    "name": person.name,
                    "time": _time(slot),
                    "other": other.name,
                    "table": meeting.table.label,
                }
            )
    if booked:
        errors["slot"] = " ".join(booked)
    return errors


def _cap_errors(event: Event, first: Participant, second: Participant) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, person in (("first", first), ("second", second)):
        count = MeetingSeat.objects.filter(participant=person).count()
        if count >= cap_of(person, event):
            errors[name] = _("%(name)s은(는) 최대 상담 수(%(cap)d회)를 이미 채웠습니다.") % {
                "name": person.name,
                "cap": cap_of(person, event),
            }
    return errors


@transaction.atomic
def meeting_add(
    *,
    user: Any,
    event: Event,
    first: Participant | None,
    second: Participant | None,
    slot: Slot | None,
    table: EventTable | None,
    reason: str = "",
) -> Meeting:
    """A meeting the organiser places by hand; it answers the standing request between the two if
    there is one (and takes its reason when none is given)."""
    require_organiser(user, event)
    event = locked(event)
    _refuse_unless_scheduling(event)
    errors: dict[str, str] = {}
    if first is None or first.event_id != event.pk:
        errors["first"] = _("이 상담회의 참가자를 고르세요.")
    if second is None or second.event_id != event.pk:
        errors["second"] = _("이 상담회의 참가자를 고르세요.")
    elif first is not None and first.pk == second.pk:
        errors["second"] = _("서로 다른 두 참가자를 고르세요.")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        errors["reason"] = _("사유는 %(n)d자 이내로 적어 주세요.") % {"n": REASON_MAX}
    if errors:
        raise ValidationError(errors)
    assert first is not None and second is not None
    pair = Q(first=first, second=second) | Q(first=second, second=first)
    if Meeting.objects.filter(pair).exists():
        raise ValidationError(
            {"second": _("두 참가자의 상담이 이미 잡혀 있습니다. 옮기려면 그 상담을 옮기세요.")}
        )
    errors = _place_errors(event=event, slot=slot, table=table, people=[first, second], moving=None)
    errors.update({k: v for k, v in _cap_errors(event, first, second).items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    request = (
        MeetingRequest.objects.filter(
            Q(requester=first, target=second) | Q(requester=second, target=first),
            status__in=ACTIVE_REQUEST,
            meeting__isnull=True,
        )
        .order_by("created_at", "pk")
        .first()
    )
    meeting = Meeting(
        event=event,
        slot=slot,
        table=table,
        first=first,
        second=second,
        request=request,
        origin=Meeting.Origin.MANUAL,
        reason=reason or (request.reason if request else ""),
        interpreter=needs_interpreter(first, second),
    )
    [meeting] = _write([meeting])
    activity_log(
        actor=user,
        verb="programs.meeting.added",
        target=meeting,
        scope=event,
        summary=lambda: (
            _("%(first)s·%(second)s 상담을 %(time)s 테이블 %(table)s에 직접 배정했습니다.")
            % {
                "first": first.name,
                "second": second.name,
                "time": _time(meeting.slot),
                "table": meeting.table.label,
            }
        ),
    )
    return meeting


@transaction.atomic
def meeting_move(*, user: Any, meeting: Meeting, slot: Slot | None, table: EventTable | None) -> Meeting:
    """Another slot or table for a meeting. The organiser has fixed it by hand: it becomes "manual",
    so the next automatic run keeps it (the request it answers stays linked)."""
    require_organiser(user, meeting.event)
    event = locked(meeting.event)
    _refuse_unless_scheduling(event)
    meeting = Meeting.objects.select_related("first", "second").get(pk=meeting.pk)
    errors = _place_errors(
        event=event, slot=slot, table=table, people=[meeting.first, meeting.second], moving=meeting
    )
    if errors:
        raise ValidationError(errors)
    assert slot is not None and table is not None
    meeting.slot, meeting.table, meeting.origin = slot, table, Meeting.Origin.MANUAL
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "origin", "updated_at"])
            MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    except IntegrityError as exc:
        raise ValidationError(_("그사이 일정이 바뀌어 저장하지 못했습니다. 다시 시도해 주세요.")) from exc
    activity_log(
        actor=user,
        verb="programs.meeting.moved",
        target=meeting,
        scope=event,
        summary=lambda: (
            _("%(first)s·%(second)s 상담을 %(time)s 테이블 %(table)s(으)로 옮겼습니다.")
            % {
                "first": meeting.first.name,
                "second": meeting.second.name,
                "time": _time(slot),
                "table": table.label,
            }
        ),
    )
    return meeting


@transaction.atomic
def meeting_remove(*, user: Any, meeting: Meeting) -> None:
    require_organiser(user, meeting.event)
    event = locked(meeting.event)
    _refuse_unless_scheduling(event)
    meeting = Meeting.objects.select_related("first", "second").get(pk=meeting.pk)
    if meeting.outcome:
        raise ValidationError(_("결과가 기록된 상담은 지울 수 없습니다."))
    names = {"first": meeting.first.name, "second": meeting.second.name}
    meeting.delete()
    activity_log(
        actor=user,
        verb="programs.meeting.removed",
        target=event,
        summary=lambda: _("%(first)s·%(second)s 상담을 일정에서 뺐습니다.") % names,
    )


# --- outcomes -------------------------------------------------------------------------------------


def may_record_outcome(user: Any, meeting: Meeting) -> bool:
    """The organiser, or the people of either side."""
    return (
        may_organise(user, meeting.event)
        or may_act_for(user, meeting.first)
        or may_act_for(user, meeting.second)
    )


@transaction.atomic
def meeting_outcome_record(*, user: Any, meeting: Meeting, outcome: str, note: str = "") -> Meeting:
    """What came of a meeting, once the day has come; written back to each registry company's record
    (an activity entry scoped to the company, shown only to those who may see the meeting)."""
    if not may_record_outcome(user, meeting):
        raise PermissionDenied(
            _("상담한 참가 기업의 담당자나 상담회 주최 담당자만 결과를 기록할 수 있습니다.")
        )
    event = locked(meeting.event)
    meeting = Meeting.objects.select_related("first__organization", "second__organization", "slot").get(
        pk=meeting.pk
    )
    if not (
        event.status == Event.Status.FINISHED
        or (event.status in SCHEDULING and event.held_on <= clock.today())
    ):
        raise ValidationError(_("상담 결과는 상담회 당일부터 기록할 수 있습니다."))
    errors: dict[str, str] = {}
    if outcome not in Meeting.Outcome.values or not outcome:
        errors["outcome"] = _("상담 결과를 목록에서 고르세요.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["outcome_note"] = _("메모는 %(n)d자 이내로 적어 주세요.") % {"n": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    meeting.outcome, meeting.outcome_note, meeting.outcome_recorded_at = outcome, note, timezone.now()
    meeting.full_clean(
        exclude=["event", "slot", "table", "first", "second", "request"], validate_constraints=False
    )
    meeting.save(update_fields=["outcome", "outcome_note", "outcome_recorded_at", "updated_at"])
    label = meeting.get_outcome_display

    def on_the_record(other: Participant) -> Callable[[], str]:
        return lambda: (
            _("상담회 '%(event)s'에서 %(other)s와(과) 상담한 결과: %(outcome)s")
            % {
                "event": event.title,
                "other": other.name,
                "outcome": label(),
            }
        )

    for side, other in ((meeting.first, meeting.second), (meeting.second, meeting.first)):
        if side.organization is None:
            continue
        activity_log(
            actor=user,
            verb="programs.meeting.outcome",
            target=meeting,
            scope=side.organization,
            summary=on_the_record(other),
            data={"outcome": outcome, "event": event.pk},
        )
    activity_log(
        actor=user,
        verb="programs.meeting.outcome",
        target=meeting,
        scope=event,
        summary=lambda: (
            _("%(first)s·%(second)s 상담 결과: %(outcome)s")
            % {"first": meeting.first.name, "second": meeting.second.name, "outcome": label()}
        ),
        data={"outcome": outcome},
    )
    return meeting
