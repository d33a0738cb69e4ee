"""Matchmaking days: the event, its sessions (each creating its time slots) and tables, and its status —
draft (the organiser prepares), open (companies register and ask for meetings), scheduled (registration
closed, the schedule confirmed; meetings may still be asked for and adjusted) and finished (outcomes are
recorded). The programmes' staff create events; the staff and the event's organiser change them.

Participants and requests: services.events_participants; the schedule, its adjustments and outcomes:
services.events_meetings."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core.activity import activity_log
from ppuri.programs.models import Event, EventSession, EventTable, Slot
from ppuri.programs.selectors.events import may_organise
from ppuri.programs.services.common import clean_model, require_staff

MAX_TABLES = 200
TABLE_PREFIX_MAX = 10


def require_organiser(user: Any, event: Event) -> None:
    """The staff, or the event's own organiser (403 for everyone else)."""
    if not may_organise(user, event):
        raise PermissionDenied(_("상담회의 주최 담당자와 사업 담당자만 할 수 있습니다."))


def locked(event: Event) -> Event:
    """The event as stored now, its row locked: every change to one event's schedule waits for the one
    before it (SQLite serialises writers anyway)."""
    return Event.objects.select_for_update().get(pk=event.pk)


# --- the event ------------------------------------------------------------------------------------


@dataclass
class EventInput:
    title: str
    held_on: date | None
    venue: str
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    max_meetings: int = 6


EVENT_FIELDS = ("title", "title_en", "description", "description_en", "held_on", "venue", "max_meetings")


def _fill_event(event: Event, data: EventInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("title", "venue"):
        if not str(getattr(data, name) or "").strip():
            errors[name] = _("이 항목을 입력해 주세요.")
    if data.held_on is None:
        errors["held_on"] = _("개최일을 입력해 주세요.")
    for name in EVENT_FIELDS:
        value = getattr(data, name)
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    return errors


@transaction.atomic
def event_create(*, user: Any, data: EventInput) -> Event:
    """A new matchmaking day, in draft; whoever creates it organises it."""
    require_staff(user)
    event = Event(organiser=user)
    clean_model(event, _fill_event(event, data), exclude=["organiser"], validate_unique=False)
    event.save()
    activity_log(
        actor=user,
        verb="programs.event.created",
        target=event,
        summary=lambda: _("상담회를 만들었습니다: %(title)s") % {"title": event.title},
    )
    return event


@transaction.atomic
def event_update(*, user: Any, event: Event, data: EventInput) -> Event:
    require_organiser(user, event)
    event = locked(event)
    if event.status == Event.Status.FINISHED:
        raise ValidationError(_("종료된 상담회는 고칠 수 없습니다."))
    if data.held_on is not None and data.held_on != event.held_on and event.slots.exists():
        raise ValidationError(
            {
                "held_on": _(
                    "세션이 있는 상담회의 개최일은 바꿀 수 없습니다. 세션의 시각이 그 날짜에 맞춰져 있습니다."
                )
            }
        )
    clean_model(event, _fill_event(event, data), exclude=["organiser"], validate_unique=False)
    event.save(update_fields=[*EVENT_FIELDS, "updated_at"])
    activity_log(
        actor=user,
        verb="programs.event.updated",
        target=event,
        summary=lambda: _("상담회 정보를 고쳤습니다."),
    )
    return event


_STEPS = {
    # verb: (from, to)
    "opened": ((Event.Status.DRAFT,), Event.Status.OPEN),
    "closed": ((Event.Status.OPEN,), Event.Status.SCHEDULED),
    "finished": ((Event.Status.OPEN, Event.Status.SCHEDULED), Event.Status.FINISHED),
}


def _step(user: Any, event: Event, step: str, refusal: str, summary: Any) -> Event:
    require_organiser(user, event)
    event = locked(event)
    allowed, to = _STEPS[step]
    if event.status not in allowed:
        raise ValidationError(refusal)
    event.status = to
    event.save(update_fields=["status", "updated_at"])
    activity_log(actor=user, verb=f"programs.event.{step}", target=event, summary=summary)
    return event


@transaction.atomic
def event_open(*, user: Any, event: Event) -> Event:
    """Registration opens: the event is announced to everyone."""
    return _step(
        user,
        event,
        "opened",
        _("준비 중인 상담회만 참가 신청을 시작할 수 있습니다."),
        lambda: _("상담회의 참가 신청을 시작했습니다."),
    )


@transaction.atomic
def event_close(*, user: Any, event: Event) -> Event:
    """Registration closes and the schedule is confirmed (it may still be adjusted)."""
    return _step(
        user,
        event,
        "closed",
        _("참가 신청 중인 상담회만 마감할 수 있습니다."),
        lambda: _("참가 신청을 마감하고 상담 일정을 확정했습니다."),
    )


@transaction.atomic
def event_finish(*, user: Any, event: Event) -> Event:
    """The day is over: outcomes may be recorded."""
    return _step(
        user,
        event,
        "finished",
        _("참가 신청 중이거나 일정이 확정된 상담회만 종료할 수 있습니다."),
        lambda: _("상담회를 종료했습니다. 상담 결과를 기록할 수 있습니다."),
    )


# --- sessions and tables --------------------------------------------------------------------------


def _refuse_if_finished(event: Event) -> None:
    if event.status == Event.Status.FINISHED:
        raise ValidationError(_("종료된 상담회는 바꿀 수 없습니다."))


@transaction.atomic
def session_add(
    *,
    user: Any,
    event: Event,
    title: str,
    starts_at: datetime | None,
    slot_minutes: int | None,
    slot_count: int | None,
) -> EventSession:
    """A session and its slots (starts_at + slot_minutes × n). Sessions may not overlap: a seat is
    held per slot, so two slots at the same time would let someone be booked twice."""
    require_organiser(user, event)
    event = locked(event)
    _refuse_if_finished(event)
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("이 항목을 입력해 주세요.")
    if starts_at is None:
        errors["starts_at"] = _("시작 시각을 입력해 주세요.")
    elif timezone.is_naive(starts_at):
        errors["starts_at"] = _("시작 시각에 시간대가 없습니다.")
    elif timezone.localtime(starts_at).date() != event.held_on:
        errors["starts_at"] = _("세션은 상담회 개최일(%(day)s)에 열려야 합니다.") % {
            "day": event.held_on.isoformat()
        }
    if slot_minutes is None:
        errors["slot_minutes"] = _("상담 시간을 입력해 주세요.")
    if slot_count is None:
        errors["slot_count"] = _("상담 회차 수를 입력해 주세요.")
    if starts_at is None or slot_minutes is None or slot_count is None:
        raise ValidationError(errors)
    session = EventSession(
        event=event,
        title=(title or "").strip(),
        starts_at=starts_at,
        slot_minutes=slot_minutes,
        slot_count=slot_count,
    )
    clean_model(session, errors, exclude=["event"], validate_unique=False)
    step = timedelta(minutes=slot_minutes)
    ends_at = starts_at + step * slot_count
    clash = event.sessions.filter(starts_at__lt=ends_at).order_by("starts_at")
    for other in clash:
        other_ends = other.starts_at + timedelta(minutes=other.slot_minutes) * other.slot_count
        if other_ends > starts_at:
            raise ValidationError(
                {
                    "starts_at": _("세션 '%(other)s'(%(start)s–%(end)s)와(과) 시간이 겹칩니다.")
                    % {
                        "other": other.title,
                        "start": f"{timezone.localtime(other.starts_at):%H:%M}",
                        "end": f"{timezone.localtime(other_ends):%H:%M}",
                    }
                }
            )
    session.save()
    Slot.objects.bulk_create(
        Slot(session=session, event=event, starts_at=starts_at + step * n, ends_at=starts_at + step * (n + 1))
        for n in range(slot_count)
    )
    activity_log(
        actor=user,
        verb="programs.event.session_added",
        target=event,
        summary=lambda: (
            _("세션 '%(title)s'을(를) 추가했습니다(상담 %(count)d회, 회당 %(minutes)d분).")
            % {"title": session.title, "count": slot_count, "minutes": slot_minutes}
        ),
    )
    return session


@transaction.atomic
def tables_add(*, user: Any, event: Event, count: int | None, prefix: str = "T") -> list[EventTable]:
    """`count` tables labelled prefix + number, numbered on from the event's highest: T1…Tn."""
    require_organiser(user, event)
    event = locked(event)
    _refuse_if_finished(event)
    prefix = (prefix or "").strip()
    existing = list(event.tables.values_list("label", flat=True))
    errors: dict[str, str] = {}
    if not prefix:
        errors["prefix"] = _("이 항목을 입력해 주세요.")
    elif len(prefix) > TABLE_PREFIX_MAX:
        errors["prefix"] = _("테이블 이름 앞부분은 %(n)d자 이내로 적어 주세요.") % {"n": TABLE_PREFIX_MAX}
    if count is None or count < 1:
        errors["count"] = _("테이블을 한 개 이상 추가해 주세요.")
    elif len(existing) + count > MAX_TABLES:
        errors["count"] = _("한 상담회의 테이블은 %(max)d개까지입니다(지금 %(now)d개).") % {
            "max": MAX_TABLES,
            "now": len(existing),
        }
    if errors:
        raise ValidationError(errors)
    assert count is not None
    numbers = [
        int(label[len(prefix) :])
        for label in existing
        if label.startswith(prefix) and label[len(prefix) :].isdigit()
    ]
    start = max(numbers, default=0) + 1
    tables = EventTable.objects.bulk_create(
        EventTable(event=event, label=f"{prefix}{n}") for n in range(start, start + count)
    )
    first, last = tables[0].label, tables[-1].label
    activity_log(
        actor=user,
        verb="programs.event.tables_added",
        target=event,
        summary=lambda: (
            _("상담 테이블 %(count)d개(%(first)s–%(last)s)를 추가했습니다.")
            % {"count": count, "first": first, "last": last}
        ),
    )
    return tables
