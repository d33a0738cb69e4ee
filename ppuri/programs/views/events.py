"""Matchmaking days' pages: the list (anyone sees the announced events), an event's page (its public
information; for a company member the registration and their own requests, meetings and suggestions;
for the organiser the sessions, tables, participants, requests, the automatic schedule, the grid with
the adjustments by hand and the outcomes), the printable schedules, and the buttons' actions. What a
viewer sees is decided by programs.selectors.events.event_view_for; writes go through the services."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.core import clock
from ppuri.core.activity import activity_for_scope
from ppuri.core.forms import add_service_errors
from ppuri.programs import matchmaking
from ppuri.programs.forms.events import (
    EventForm,
    MeetingAddForm,
    OutcomeForm,
    ParticipantForm,
    PlaceForm,
    RegisterForm,
    RequestForm,
    ScheduleForm,
    SessionForm,
    TablesForm,
)
from ppuri.programs.models import Event, Meeting, MeetingRequest
from ppuri.programs.selectors import events as selectors
from ppuri.programs.services import events as services
from ppuri.programs.services import events_meetings as meetings
from ppuri.programs.services import events_participants as participation

SUGGESTIONS_SHOWN = 10


def _unscheduled_key(event: Event) -> str:
    return f"programs.event.{event.pk}.unscheduled"


def _outcomes_open(event: Event) -> bool:
    return event.status == Event.Status.FINISHED or (
        event.status in meetings.SCHEDULING and event.held_on <= clock.today()
    )


def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/events/list.html",
        {"events": selectors.events_listed(user=request.user), "staff": roles.runs_programs(request.user)},
    )


def _event_input(data: dict[str, Any]) -> services.EventInput:
    return services.EventInput(**{name: data[name] for name in services.EVENT_FIELDS})


@roles.role_required(roles.runs_programs)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(user=request.user, data=_event_input(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("상담회를 만들었습니다. 세션과 테이블을 추가한 뒤 참가 신청을 시작하세요.")
            )
            return redirect(event)
    return render(
        request,
        "programs/events/form.html",
        {"form": form, "event": None},
        status=400 if form.errors else 200,
    )


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(user=request.user, event=event, data=_event_input(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("상담회 정보를 저장했습니다."))
            return redirect(event)
    return render(
        request,
        "programs/events/form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


def _request_forms(view: selectors.EventView, suggestions: list[matchmaking.Suggestion]) -> dict[str, Any]:
    """For a participant: whom they may still ask (not themselves, not those already asked or met)."""
    mine = view.mine[0]
    taken = {r.target_id for r in view.requests_made} | {r.requester_id for r in view.requests_received}
    taken |= {m.first_id for m in view.my_meetings} | {m.second_id for m in view.my_meetings}
    return {
        "me": mine,
        "askable": {p.pk for p in view.participants or [] if p.pk != mine.pk and p.pk not in taken},
        "suggested": [(s, s.counterpart_of(mine)) for s in suggestions],
    }


def _context(request: HttpRequest, event: Event, **forms: Any) -> dict[str, Any]:
    user = request.user
    view = selectors.event_view_for(user, event)
    context: dict[str, Any] = {
        "event": event,
        "view": view,
        "sessions": event.sessions.order_by("starts_at"),
        "outcomes_open": _outcomes_open(event),
        "outcome_form": OutcomeForm(),
    }
    if view.registrable:
        context["register_form"] = forms.get("register_form") or RegisterForm(
            companies=selectors.registrable_companies(user=user, event=event)
        )
    if view.mine and view.may_request:
        suggestions = matchmaking.suggestions(
            event, viewer=user, participant=view.mine[0], limit=SUGGESTIONS_SHOWN
        )
        context.update(_request_forms(view, suggestions))
        context["request_form"] = forms.get("request_form")
    if view.organiser:
        tables, rows = selectors.schedule_grid(event=event, meetings=view.all_meetings)
        context.update(
            tables=tables,
            grid=rows,
            session_form=forms.get("session_form") or SessionForm(event=event),
            tables_form=forms.get("tables_form") or TablesForm(),
            schedule_form=ScheduleForm(),
            meeting_add_form=forms.get("meeting_add_form") or MeetingAddForm(event=event),
            place_slots=[row.slot for row in rows],
            unscheduled=request.session.pop(_unscheduled_key(event), None),
            activity=activity_for_scope(scope=event, viewer=user, limit=30),
        )
    return context


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    return render(request, "programs/events/detail.html", _context(request, event))


def _again(request: HttpRequest, event: Event, **forms: Any) -> HttpResponse:
    return render(request, "programs/events/detail.html", _context(request, event, **forms), status=400)


def _back(request: HttpRequest, event: Event, exc: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect(event)


def _organiser_step(service: Callable[..., Any], done: str) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def step(request: HttpRequest, pk: int) -> HttpResponse:
        event = selectors.event_get_for_organiser(user=request.user, pk=pk)
        try:
            service(user=request.user, event=event)
        except ValidationError as exc:
            return _back(request, event, exc)
        messages.success(request, done)
        return redirect(event)

    return step


event_open = _organiser_step(services.event_open, _("참가 신청을 시작했습니다."))
event_close = _organiser_step(services.event_close, _("참가 신청을 마감하고 일정을 확정했습니다."))
event_finish = _organiser_step(
    services.event_finish, _("상담회를 종료했습니다. 상담 결과를 기록할 수 있습니다.")
)


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    form = SessionForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.session_add(
                user=request.user,
                event=event,
                title=form.cleaned_data["title"],
                starts_at=form.starts_at_on_the_day(),
                slot_minutes=form.cleaned_data["slot_minutes"],
                slot_count=form.cleaned_data["slot_count"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("세션과 상담 시간을 추가했습니다."))
            return redirect(event)
    return _again(request, event, session_form=form)


@login_required
@require_POST
def tables_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    form = TablesForm(request.POST)
    if form.is_valid():
        try:
            services.tables_add(
                user=request.user,
                event=event,
                count=form.cleaned_data["count"],
                prefix=form.cleaned_data["label_prefix"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("테이블을 추가했습니다."))
            return redirect(event)
    return _again(request, event, tables_form=form)


def _profile(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "contact_name": data["contact_name"],
        "needs": data["needs"],
        "offers": data["offers"],
        "wanted_technologies": list(data["wanted_technologies"]),
        "max_meetings": data["max_meetings"],
        "language": data["language"],
        "interpreter_needed": data["interpreter_needed"],
    }


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """A company member registers their company."""
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    companies = selectors.registrable_companies(user=request.user, event=event)
    if not companies:
        return _back(request, event, ValidationError(_("참가 신청할 수 있는 소속 기업이 없습니다.")))
    form = RegisterForm(request.POST, companies=companies)
    if form.is_valid():
        data = participation.ParticipantInput(
            organization=form.cleaned_data["organization"], **_profile(form.cleaned_data)
        )
        try:
            participation.participant_register(user=request.user, event=event, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("참가 신청했습니다. 다른 참가자에게 상담을 요청할 수 있습니다."))
            return redirect(event)
    return _again(request, event, register_form=form)


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser registers a registry company or an investor."""
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    form = ParticipantForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = participation.ParticipantInput(
            organization=form.cleaned_data["company"],
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            lead=form.cleaned_data["lead"],
            **_profile(form.cleaned_data),
        )
        try:
            participant = participation.participant_register(user=request.user, event=event, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s을(를) 참가자로 등록했습니다.") % {"name": participant.name})
            return redirect(event)
    return render(
        request,
        "programs/events/participant_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_withdraw(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    participant = selectors.participant_get_for_user(user=request.user, event=event, pk=participant_pk)
    try:
        participation.participant_withdraw(user=request.user, participant=participant)
    except ValidationError as exc:
        return _back(request, event, exc)
    messages.success(request, _("참가를 취소했습니다."))
    return redirect(event)


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    requesters = (
        selectors.participants_of(user=request.user, event=event)
        if selectors.may_organise(request.user, event)
        else selectors.own_participants(user=request.user, event=event)
    )
    form = RequestForm(
        request.POST, requesters=requesters, targets=selectors.participants_of(user=request.user, event=event)
    )
    if form.is_valid():
        try:
            participation.meeting_request_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("상담을 요청했습니다. 상대가 수락하면 일정에 배정됩니다."))
            return redirect(event)
    return _again(request, event, request_form=form)


def _request_step(service: Callable[..., Any], done: str) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def step(request: HttpRequest, pk: int) -> HttpResponse:
        the_request: MeetingRequest = selectors.request_get_for_user(user=request.user, pk=pk)
        try:
            service(user=request.user, request=the_request)
        except ValidationError as exc:
            return _back(request, the_request.event, exc)
        messages.success(request, done)
        return redirect(the_request.event)

    return step


request_accept = _request_step(participation.meeting_request_accept, _("상담 요청을 수락했습니다."))
request_decline = _request_step(participation.meeting_request_decline, _("상담 요청을 거절했습니다."))
request_cancel = _request_step(participation.meeting_request_cancel, _("상담 요청을 취소했습니다."))


@login_required
@require_POST
def schedule_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The automatic schedule; what could not be placed is shown once on the event's page."""
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    form = ScheduleForm(request.POST)
    include = form.is_valid() and form.cleaned_data["include_suggested"]
    try:
        result = meetings.event_schedule(user=request.user, event=event, include_suggested=include)
    except ValidationError as exc:
        return _back(request, event, exc)
    request.session[_unscheduled_key(event)] = [
        {"first": u.first.name, "second": u.second.name, "detail": u.detail} for u in result.unscheduled
    ]
    messages.success(
        request,
        _("상담 %(scheduled)d건을 배정했습니다. 배정하지 못한 요청: %(refused)d건.")
        % {"scheduled": result.scheduled, "refused": len(result.unscheduled)},
    )
    return redirect(f"{event.get_absolute_url()}#schedule")


@login_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole event's grid, slots × tables, to print."""
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    tables, rows = selectors.schedule_grid(
        event=event, meetings=list(selectors.meetings_of(user=request.user, event=event))
    )
    return render(request, "programs/events/schedule.html", {"event": event, "tables": tables, "grid": rows})


@login_required
def participant_schedule(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """One participant's meetings, to print: the participant's people and the organiser."""
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    participant = selectors.participant_schedule_get_for_user(
        user=request.user, event=event, pk=participant_pk
    )
    rows = [
        (m, m.second if m.first_id == participant.pk else m.first)
        for m in selectors.meetings_of_participant(participant=participant)
    ]
    return render(
        request,
        "programs/events/participant_schedule.html",
        {"event": event, "participant": participant, "rows": rows},
    )


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organiser(user=request.user, pk=pk)
    form = MeetingAddForm(request.POST, event=event)
    if form.is_valid():
        try:
            meetings.meeting_add(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("상담을 직접 배정했습니다."))
            return redirect(f"{event.get_absolute_url()}#schedule")
    return _again(request, event, meeting_add_form=form)


def _meeting_for_organiser(request: HttpRequest, pk: int) -> Meeting:
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    services.require_organiser(request.user, meeting.event)
    return meeting


@login_required
@require_POST
def meeting_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_organiser(request, pk)
    form = PlaceForm(request.POST, event=meeting.event)
    if not form.is_valid():
        return _back(request, meeting.event, ValidationError(_("옮길 상담 시간과 테이블을 고르세요.")))
    try:
        meetings.meeting_move(user=request.user, meeting=meeting, **form.cleaned_data)
    except ValidationError as exc:
        return _back(request, meeting.event, exc)
    messages.success(request, _("상담을 옮겼습니다."))
    return redirect(f"{meeting.event.get_absolute_url()}#schedule")


@login_required
@require_POST
def meeting_remove(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_organiser(request, pk)
    try:
        meetings.meeting_remove(user=request.user, meeting=meeting)
    except ValidationError as exc:
        return _back(request, meeting.event, exc)
    messages.success(request, _("상담을 일정에서 뺐습니다."))
    return redirect(f"{meeting.event.get_absolute_url()}#schedule")


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _back(request, meeting.event, ValidationError(_("상담 결과를 목록에서 고르세요.")))
    try:
        meetings.meeting_outcome_record(
            user=request.user,
            meeting=meeting,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        )
    except ValidationError as exc:
        return _back(request, meeting.event, exc)
    messages.success(request, _("상담 결과를 기록했습니다. 참가 기업의 기록에도 남습니다."))
    return redirect(meeting.event)


urlpatterns = [
    path("events/", event_list, name="events"),
    path("events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event"),
    path("events/<int:pk>/edit/", event_edit, name="event_edit"),
    path("events/<int:pk>/open/", event_open, name="event_open"),
    path("events/<int:pk>/close/", event_close, name="event_close"),
    path("events/<int:pk>/finish/", event_finish, name="event_finish"),
    path("events/<int:pk>/sessions/", session_add, name="event_session_add"),
    path("events/<int:pk>/tables/", tables_add, name="event_tables_add"),
    path("events/<int:pk>/register/", register, name="event_register"),
    path("events/<int:pk>/participants/new/", participant_add, name="event_participant_add"),
    path(
        "events/<int:pk>/participants/<int:participant_pk>/withdraw/",
        participant_withdraw,
        name="event_participant_withdraw",
    ),
    path("events/<int:pk>/requests/", request_create, name="event_request"),
    path("events/requests/<int:pk>/accept/", request_accept, name="event_request_accept"),
    path("events/requests/<int:pk>/decline/", request_decline, name="event_request_decline"),
    path("events/requests/<int:pk>/cancel/", request_cancel, name="event_request_cancel"),
    path("events/<int:pk>/schedule/run/", schedule_run, name="event_schedule_run"),
    path("events/<int:pk>/schedule/", schedule, name="event_schedule"),
    path(
        "events/<int:pk>/schedule/<int:participant_pk>/",
        participant_schedule,
        name="event_participant_schedule",
    ),
    path("events/<int:pk>/meetings/", meeting_add, name="event_meeting_add"),
    path("events/meetings/<int:pk>/move/", meeting_move, name="event_meeting_move"),
    path("events/meetings/<int:pk>/remove/", meeting_remove, name="event_meeting_remove"),
    path("events/meetings/<int:pk>/outcome/", meeting_outcome, name="event_meeting_outcome"),
]
