"""What a matchmaking day must never show: a participant's needs and a meeting's reason to anonymous
visitors or to a company not in the event (pages, printable schedules and the API), the participants
list to non-participants, one company's schedule to another."""

import pytest
from django.test import Client
from django.urls import reverse

from ppuri.programs.services import events_meetings as meetings
from tests.conftest import client_for
from tests.programs.conftest_events import (  # noqa: F401
    ask,
    company,
    event_fixture,
    join,
    organiser_fixture,
)

pytestmark = pytest.mark.django_db

NEEDS = "비공개수요: 차세대 배터리 하우징 알루미늄 다이캐스팅 2만개"
REASON = "비공개사유: 현대차 신규 프로젝트 2차 벤더 견적"


@pytest.fixture
def day(organiser, event):
    a_org, a_user = company("가람정밀(주)", username="member-a")
    b_org, b_user = company("나래주조(주)", username="member-b")
    c_org, c_user = company("다온열처리(주)", username="member-c")
    a = join(event, a_org, a_user, needs=NEEDS)
    b = join(event, b_org, b_user)
    c = join(event, c_org, c_user)
    ask(a, b, user=a_user, reason=REASON)
    meetings.event_schedule(user=organiser, event=event)
    return {"a": a, "b": b, "c": c, "a_user": a_user, "b_user": b_user, "c_user": c_user}


def _pages(event, day) -> list[str]:
    return [
        reverse("programs:events"),
        event.get_absolute_url(),
        reverse("programs:index"),
        f"/api/v1/programs/events/{event.pk}/schedule",
        day["a"].organization.get_absolute_url(),
        day["b"].organization.get_absolute_url(),
    ]


def test_anonymous_visitors_see_neither_needs_nor_reasons_nor_participants(event, day):
    client = Client()
    for url in _pages(event, day):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert NEEDS not in text and REASON not in text, url
    page = client.get(event.get_absolute_url())
    assert page.context["view"].participants is None
    assert "나래주조(주)" not in page.content.decode()  # not even the participants' names


def test_a_company_not_in_the_event_sees_no_more_than_a_visitor(event, day, other_admin):
    client = client_for(other_admin)
    for url in _pages(event, day):
        text = client.get(url).content.decode()
        assert NEEDS not in text and REASON not in text, url
    assert client.get(event.get_absolute_url()).context["view"].participants is None
    for participant in (day["a"], day["b"]):
        url = reverse("programs:event_participant_schedule", args=[event.pk, participant.pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("programs:event_schedule", args=[event.pk])).status_code == 403


def test_a_fellow_participant_sees_the_needs_but_not_others_meetings_or_schedules(event, day):
    client = client_for(day["c_user"])
    page = client.get(event.get_absolute_url())
    assert NEEDS in page.content.decode()  # participants read each other's needs to ask for meetings
    assert REASON not in page.content.decode()
    assert page.context["view"].my_meetings == []
    url = reverse("programs:event_participant_schedule", args=[event.pk, day["a"].pk])
    assert client.get(url).status_code == 403
    assert REASON not in client.get(f"/api/v1/programs/events/{event.pk}/schedule").content.decode()


def test_each_side_prints_its_own_schedule_with_the_reason(event, day):
    for key, other in (("a", "나래주조(주)"), ("b", "가람정밀(주)")):
        response = client_for(day[f"{key}_user"]).get(
            reverse("programs:event_participant_schedule", args=[event.pk, day[key].pk])
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert REASON in text and other in text and "인쇄" in text and "programs-print.css" in text
    assert (
        Client().get(reverse("programs:event_participant_schedule", args=[event.pk, day["a"].pk])).status_code
        == 302
    )


def test_the_print_stylesheet_has_print_rules():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "ppuri" / "programs-print.css").read_text()
    assert "@media print" in css
