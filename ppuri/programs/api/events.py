"""Matchmaking days through the API (issue 17's contract): the organiser runs the automatic schedule
(`POST /programs/events/{id}/schedule`) and anyone who may see an event reads the meetings they may see
(`GET`: the organiser and the staff all, a participant their own, anybody else none). Rows come through
programs.selectors.events, the write through programs.services.events_meetings."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema

from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.schemas import DbId, ErrorOut, InputSchema, ValidationErrorOut
from ppuri.programs.models import Meeting
from ppuri.programs.selectors import events as selectors
from ppuri.programs.services import events_meetings as meetings

router = Router()  # tagged "programs" by programs.api


class ProgramsScheduleIn(InputSchema):
    include_suggested: bool = Field(
        False, description="요청을 배정한 뒤 남는 자리에 추천 상담도 배정 / also place suggested pairs"
    )


class ProgramsParticipantRef(Schema):
    id: int
    name: str


class ProgramsMeetingOut(Schema):
    id: int
    slot_start: datetime
    slot_end: datetime
    table: str
    first: ProgramsParticipantRef
    second: ProgramsParticipantRef
    origin: str = Field(..., description="requested | suggested | manual")
    interpreter: bool
    outcome: str = Field(..., description="빈 값: 미입력 / empty: not recorded")


class ProgramsUnscheduledOut(Schema):
    first: ProgramsParticipantRef
    second: ProgramsParticipantRef
    request_id: int | None
    reason: str = Field(..., description="cap_reached | no_common_slot | no_table")
    detail: str


class ProgramsScheduleOut(Schema):
    scheduled: int = Field(..., description="이번 배정에서 새로 배정한 상담 수 / meetings placed by this run")
    unscheduled: list[ProgramsUnscheduledOut] = Field(
        ..., description="배정하지 못한 요청과 그 사유 / requests that could not be placed, with the reason"
    )
    meetings: list[ProgramsMeetingOut] = Field(
        ..., description="배정 후 상담회의 전체 일정 / the whole schedule"
    )


def _ref(participant: Any) -> dict[str, Any]:
    return {"id": participant.pk, "name": participant.name}


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "slot_start": meeting.slot.starts_at,
        "slot_end": meeting.slot.ends_at,
        "table": meeting.table.label,
        "first": _ref(meeting.first),
        "second": _ref(meeting.second),
        "origin": meeting.origin,
        "interpreter": meeting.interpreter,
        "outcome": meeting.outcome,
    }


@router.post(
    "/programs/events/{event_id}/schedule",
    response={200: ProgramsScheduleOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=token_or_session,
    summary="상담회 일정 자동 배정(주최 담당자·사업 담당자)",
)
def event_schedule(
    request: HttpRequest, event_id: DbId, payload: Body[ProgramsScheduleIn | None] = None
) -> Any:
    user = authenticated_user(request)
    event = selectors.event_get_for_organiser(user=user, pk=event_id)
    result = meetings.event_schedule(
        user=user, event=event, include_suggested=bool(payload and payload.include_suggested)
    )
    return {
        "scheduled": result.scheduled,
        "unscheduled": [
            {
                "first": _ref(u.first),
                "second": _ref(u.second),
                "request_id": u.request_id,
                "reason": u.reason,
                "detail": u.detail,
            }
            for u in result.unscheduled
        ],
        "meetings": [_meeting_out(m) for m in result.meetings],
    }


@router.get(
    "/programs/events/{event_id}/schedule",
    response={200: list[ProgramsMeetingOut], 404: ErrorOut},
    auth=optional_user,
    summary="상담회 일정(볼 수 있는 상담만)",
)
def event_schedule_read(request: HttpRequest, event_id: DbId) -> Any:
    user = optional_user(request)
    event = selectors.event_get_for_user(user=user, pk=event_id)
    return [_meeting_out(m) for m in selectors.meetings_of(user=user, event=event)]
