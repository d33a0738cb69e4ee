"""The matchmaking day through the API: POST /api/v1/programs/events/{id}/schedule (the staff or the
organiser; body optional) and GET of the meetings the caller may see; 401/403/404/422 with nothing
written."""

import pytest
from django.test import Client

from ppuri.programs.models import Event, Meeting
from ppuri.programs.services import events_meetings as meetings
from tests.conftest import client_for
from tests.programs.conftest_events import (  # noqa: F401
    ask,
    company,
    event_fixture,
    join,
    make_event,
    organiser_fixture,
)

pytestmark = pytest.mark.django_db


def url(event) -> str:
    return f"/api/v1/programs/events/{event.pk}/schedule"


@pytest.fixture
def day(organiser, event):
    a_org, a_user = company("가람정밀(주)", username="member-a")
    b_org, b_user = company("나래주조(주)", username="member-b")
    c_org, c_user = company("다온열처리(주)", username="member-c")
    a, b, c = join(event, a_org, a_user), join(event, b_org, b_user), join(event, c_org, c_user)
    ask(a, b, user=a_user, reason="하우징 견적")
    ask(c, b, user=c_user, reason="열처리 외주")
    return {"a": a, "b": b, "c": c, "a_user": a_user, "b_user": b_user, "c_user": c_user}


def test_the_organiser_schedules_through_the_api(organiser, event, day, token_for):
    # No body at all: the defaults.
    response = Client().generic("POST", url(event), headers=token_for(organiser))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scheduled"] == 2 and body["unscheduled"] == []
    assert [(m["first"]["id"], m["second"]["id"], m["origin"]) for m in body["meetings"]] == [
        (day["a"].pk, day["b"].pk, "requested"),
        (day["c"].pk, day["b"].pk, "requested"),
    ]
    first, second = body["meetings"]
    assert first["slot_start"] < second["slot_start"]  # B cannot be in both at once
    assert {"table", "slot_start", "slot_end", "interpreter", "outcome", "id"} <= set(first)
    assert Meeting.objects.count() == 2


def test_the_body_may_ask_for_suggested_pairs_and_a_session_works_with_csrf(organiser, event, day):
    client = client_for(organiser)
    response = client.post(url(event), {"include_suggested": True}, content_type="application/json")
    assert response.status_code == 200
    # Unscheduled requests come back with their reason.
    Meeting.objects.all().delete()
    event.tables.exclude(pk=event.tables.order_by("pk").first().pk).delete()
    Event.objects.filter(pk=event.pk).update(max_meetings=1)
    body = client.post(url(event), {}, content_type="application/json").json()
    assert body["scheduled"] == 1
    [refused] = body["unscheduled"]
    assert refused["reason"] == "cap_reached" and refused["second"]["id"] == day["b"].pk
    assert refused["request_id"] is not None and "나래주조(주)" in refused["detail"]


def test_the_schedule_is_refused_to_others_with_nothing_written(event, day, token_for):
    assert Client().generic("POST", url(event)).status_code == 401
    assert Client().generic("POST", url(event), headers=token_for(day["a_user"])).status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "body", ['{"include_suggested": "maybe"}', "[1, 2]", '{"include_suggested": null, "x": "\\u0000"}']
)
def test_a_bad_body_is_a_422(organiser, event, day, token_for, body):
    response = Client().post(url(event), body, content_type="application/json", headers=token_for(organiser))
    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_unknown_or_hidden_events_are_404(organiser, token_for, supplier_admin):
    draft = make_event(organiser, status=Event.Status.DRAFT)
    assert Client().generic("POST", url(draft), headers=token_for(supplier_admin)).status_code == 404
    assert Client().get(url(draft)).status_code == 404
    assert (
        Client()
        .generic("POST", "/api/v1/programs/events/999999/schedule", headers=token_for(organiser))
        .status_code
        == 404
    )
    assert (
        Client()
        .generic("POST", "/api/v1/programs/events/0/schedule", headers=token_for(organiser))
        .status_code
        == 422
    )
    finished = make_event(organiser, status=Event.Status.FINISHED)
    assert Client().generic("POST", url(finished), headers=token_for(organiser)).status_code == 422


def test_each_caller_reads_the_meetings_they_may_see(organiser, event, day, token_for):
    meetings.event_schedule(user=organiser, event=event)
    everyone = Client().get(url(event))
    assert everyone.status_code == 200 and everyone.json() == []
    a_sees = Client().get(url(event), headers=token_for(day["a_user"])).json()
    assert [(m["first"]["id"], m["second"]["id"]) for m in a_sees] == [(day["a"].pk, day["b"].pk)]
    b_sees = Client().get(url(event), headers=token_for(day["b_user"])).json()
    assert len(b_sees) == 2
    assert len(Client().get(url(event), headers=token_for(organiser)).json()) == 2
    # The reason of a meeting is not in the API's meetings at all.
    assert "하우징 견적" not in Client().get(url(event), headers=token_for(day["c_user"])).content.decode()
