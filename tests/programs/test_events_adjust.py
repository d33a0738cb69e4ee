"""The organiser's adjustments by hand (add, move, remove a meeting), refused with a message naming who is
already booked when they would double-book or exceed a cap; and the outcomes recorded after the day,
written back to each company's record and shown only to those who may see the meeting."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ppuri.core import clock
from ppuri.core.models import ActivityLog
from ppuri.programs.models import Meeting, MeetingSeat
from ppuri.programs.services import events as services
from ppuri.programs.services import events_meetings as meetings
from tests.conftest import client_for
from tests.programs.conftest_events import (  # noqa: F401
    DAY,
    ask,
    company,
    event_fixture,
    investor,
    join,
    make_event,
    organiser_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(organiser):
    """Four companies on a day of 3 slots and 2 tables; A and B meet at the first slot, table T1."""
    event = make_event(organiser, slots=3, tables=2, max_meetings=2)
    cast = {}
    for key, name in (
        ("a", "가람정밀(주)"),
        ("b", "나래주조(주)"),
        ("c", "다온열처리(주)"),
        ("d", "라온금형(주)"),
    ):
        organization, member = company(name, username=f"member-{key}")
        cast[key] = join(event, organization, member)
        cast[f"{key}_user"] = member
    ask(cast["a"], cast["b"], user=cast["a_user"], reason="하우징 견적")
    meetings.event_schedule(user=organiser, event=event)
    slots = list(event.slots.order_by("starts_at"))
    tables = list(event.tables.order_by("pk"))
    return {"event": event, "slots": slots, "tables": tables, "meeting": Meeting.objects.get(), **cast}


def _add(client, day, first, second, slot, table, reason=""):
    return client.post(
        reverse("programs:event_meeting_add", args=[day["event"].pk]),
        {"first": first.pk, "second": second.pk, "slot": slot.pk, "table": table.pk, "reason": reason},
    )


def test_the_organiser_adds_a_meeting_by_hand(organiser, day):
    response = _add(
        client_for(organiser), day, day["c"], day["d"], day["slots"][0], day["tables"][1], "현장 요청"
    )
    assert response.status_code == 302
    added = Meeting.objects.get(first=day["c"])
    assert added.origin == Meeting.Origin.MANUAL and added.reason == "현장 요청"
    assert MeetingSeat.objects.filter(meeting=added).count() == 2


def test_adding_into_a_booked_slot_names_who_is_there(organiser, day):
    # C with A in slot 1: A is already meeting B there.
    response = _add(client_for(organiser), day, day["c"], day["a"], day["slots"][0], day["tables"][1])
    assert response.status_code == 400
    errors = response.context["meeting_add_form"].errors
    assert "가람정밀(주)" in errors["slot"][0] and "나래주조(주)" in errors["slot"][0]
    # A table already taken in that slot names the meeting there.
    response = _add(client_for(organiser), day, day["c"], day["d"], day["slots"][0], day["tables"][0])
    assert "T1" in response.context["meeting_add_form"].errors["table"][0]
    assert Meeting.objects.count() == 1


def test_adding_above_a_cap_is_refused(organiser, day):
    services_add = meetings.meeting_add
    services_add(
        user=organiser,
        event=day["event"],
        first=day["a"],
        second=day["c"],
        slot=day["slots"][1],
        table=day["tables"][0],
    )
    with pytest.raises(ValidationError) as refused:
        services_add(
            user=organiser,
            event=day["event"],
            first=day["a"],
            second=day["d"],
            slot=day["slots"][2],
            table=day["tables"][0],
        )
    assert "최대 상담 수(2회)" in refused.value.message_dict["first"][0]
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize("problem", ["same", "pair", "foreign_slot", "missing"])
def test_bad_manual_input_is_refused(organiser, day, problem):
    event = day["event"]
    other = make_event(organiser)
    arguments = {
        "user": organiser,
        "event": event,
        "first": day["c"],
        "second": day["d"],
        "slot": day["slots"][1],
        "table": day["tables"][0],
    }
    if problem == "same":
        arguments["second"] = day["c"]
    elif problem == "pair":
        arguments.update(first=day["b"], second=day["a"])
    elif problem == "foreign_slot":
        arguments["slot"] = other.slots.first()
    else:
        arguments["first"] = None
    with pytest.raises(ValidationError):
        meetings.meeting_add(**arguments)
    assert Meeting.objects.count() == 1


def test_the_organiser_moves_a_meeting_and_it_stays_on_the_next_run(organiser, day):
    meeting = day["meeting"]
    response = client_for(organiser).post(
        reverse("programs:event_meeting_move", args=[meeting.pk]),
        {"slot": day["slots"][2].pk, "table": day["tables"][1].pk},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.origin) == (
        day["slots"][2],
        day["tables"][1],
        Meeting.Origin.MANUAL,
    )
    assert meeting.request is not None  # still answers the request
    assert set(MeetingSeat.objects.filter(meeting=meeting).values_list("slot", flat=True)) == {
        day["slots"][2].pk
    }
    meetings.event_schedule(user=organiser, event=day["event"])
    assert list(Meeting.objects.values_list("pk", "slot")) == [(meeting.pk, day["slots"][2].pk)]


def test_a_move_into_a_double_booking_is_refused_naming_who(organiser, day):
    meetings.meeting_add(
        user=organiser,
        event=day["event"],
        first=day["a"],
        second=day["c"],
        slot=day["slots"][1],
        table=day["tables"][0],
    )
    meeting = day["meeting"]
    response = client_for(organiser).post(
        reverse("programs:event_meeting_move", args=[meeting.pk]),
        {"slot": day["slots"][1].pk, "table": day["tables"][1].pk},
        follow=True,
    )
    html = response.content.decode()
    assert "가람정밀(주)은(는)" in html and "다온열처리(주)" in html
    meeting.refresh_from_db()
    assert meeting.slot == day["slots"][0] and meeting.origin == Meeting.Origin.REQUESTED


def test_a_bad_move_changes_nothing(organiser, day):
    meeting = day["meeting"]
    response = client_for(organiser).post(
        reverse("programs:event_meeting_move", args=[meeting.pk]),
        {"slot": "999999", "table": day["tables"][1].pk},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.slot == day["slots"][0]


def test_the_organiser_removes_a_meeting_but_not_one_with_an_outcome(organiser, day):
    meeting = day["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(outcome=Meeting.Outcome.SAMPLE)
    response = client_for(organiser).post(
        reverse("programs:event_meeting_remove", args=[meeting.pk]), follow=True
    )
    assert "결과가 기록된 상담은 지울 수 없습니다" in response.content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(outcome="")
    client_for(organiser).post(reverse("programs:event_meeting_remove", args=[meeting.pk]))
    assert not Meeting.objects.exists() and not MeetingSeat.objects.exists()


def test_adjustments_are_the_organisers(day):
    meeting, member = day["meeting"], day["a_user"]
    client = client_for(member)
    assert _add(client, day, day["c"], day["d"], day["slots"][1], day["tables"][0]).status_code == 403
    move = {"slot": day["slots"][2].pk, "table": day["tables"][1].pk}
    assert client.post(reverse("programs:event_meeting_move", args=[meeting.pk]), move).status_code == 403
    assert client.post(reverse("programs:event_meeting_remove", args=[meeting.pk])).status_code == 403
    # C is not in this meeting: it does not even exist for them.
    outsider = client_for(day["c_user"])
    assert outsider.post(reverse("programs:event_meeting_remove", args=[meeting.pk])).status_code == 404
    assert Client().post(reverse("programs:event_meeting_remove", args=[meeting.pk])).status_code == 302
    with pytest.raises(PermissionDenied):
        meetings.meeting_remove(user=member, meeting=meeting)
    meeting.refresh_from_db()
    assert Meeting.objects.count() == 1 and meeting.slot == day["slots"][0]


# --- outcomes -------------------------------------------------------------------------------------


def test_outcomes_wait_for_the_day(day):
    meeting = day["meeting"]
    with clock.fixed(date(2026, 10, 14)), pytest.raises(ValidationError):
        meetings.meeting_outcome_record(user=day["a_user"], meeting=meeting, outcome=Meeting.Outcome.QUOTE)
    meeting.refresh_from_db()
    assert meeting.outcome == ""


def test_either_side_records_the_outcome_and_it_reaches_both_companies_records(organiser, day):
    services.event_finish(user=organiser, event=day["event"])
    meeting = day["meeting"]
    response = client_for(day["b_user"]).post(
        reverse("programs:event_meeting_outcome", args=[meeting.pk]),
        {"outcome": "quote", "outcome_note": "6월까지 견적서 송부"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.outcome == Meeting.Outcome.QUOTE and meeting.outcome_note == "6월까지 견적서 송부"
    assert meeting.outcome_recorded_at is not None
    a_org, b_org = day["a"].organization, day["b"].organization
    for organization in (a_org, b_org):
        assert ActivityLog.objects.filter(
            verb="programs.meeting.outcome", scope_id=str(organization.pk)
        ).exists()
    # The company's page shows it to its own people, not to a visitor nor to another company.
    page = client_for(day["a_user"]).get(a_org.get_absolute_url()).content.decode()
    assert "나래주조(주)와(과) 상담한 결과: 견적 요청" in page
    for client in (Client(), client_for(day["c_user"])):
        assert "나래주조(주)와(과) 상담한 결과" not in client.get(a_org.get_absolute_url()).content.decode()


def test_outcomes_on_the_day_by_the_organiser(organiser, day):
    with clock.fixed(DAY):
        meetings.meeting_outcome_record(user=organiser, meeting=day["meeting"], outcome="mou", note="")
    assert Meeting.objects.get().outcome == "mou"


def test_bad_or_unauthorised_outcomes_change_nothing(organiser, day):
    services.event_finish(user=organiser, event=day["event"])
    meeting = day["meeting"]
    url = reverse("programs:event_meeting_outcome", args=[meeting.pk])
    assert client_for(day["a_user"]).post(url, {"outcome": "bribe"}).status_code == 302
    assert (
        client_for(day["a_user"]).post(url, {"outcome": "quote", "outcome_note": "가" * 301}).status_code
        == 302
    )
    assert client_for(day["c_user"]).post(url, {"outcome": "quote"}).status_code == 404
    assert Client().post(url, {"outcome": "quote"}).status_code == 302
    with pytest.raises(ValidationError):
        meetings.meeting_outcome_record(user=organiser, meeting=meeting, outcome="")
    with pytest.raises(PermissionDenied):
        meetings.meeting_outcome_record(user=day["c_user"], meeting=meeting, outcome="quote")
    meeting.refresh_from_db()
    assert meeting.outcome == "" and not ActivityLog.objects.filter(verb="programs.meeting.outcome").exists()


def test_the_investors_meeting_outcome_is_written_to_the_company_only(organiser, day):
    event = day["event"]
    fund = investor(event)
    meetings.meeting_add(
        user=organiser, event=event, first=fund, second=day["c"], slot=day["slots"][0], table=day["tables"][1]
    )
    services.event_finish(user=organiser, event=event)
    meeting = Meeting.objects.get(first=fund)
    meetings.meeting_outcome_record(user=organiser, meeting=meeting, outcome="talked")
    scopes = set(
        ActivityLog.objects.filter(verb="programs.meeting.outcome", target_id=str(meeting.pk)).values_list(
            "scope_id", flat=True
        )
    )
    assert scopes == {str(day["c"].organization_id), str(event.pk)}
