"""Matchmaking days: the event, its sessions (and their slots), tables and status, through the pages and
the services, each write with its refusals (who may not, bad input) leaving nothing changed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ppuri.core.models import ActivityLog
from ppuri.programs.models import Event, EventSession, EventTable, Slot
from ppuri.programs.services import events as services
from tests.conftest import client_for
from tests.programs.conftest_events import (  # noqa: F401
    DAY,
    SEOUL,
    at,
    event_fixture,
    make_event,
    organiser_fixture,
)

pytestmark = pytest.mark.django_db

EVENT_FORM = {
    "title": "2026 남동 뿌리기업 구매상담회",
    "held_on": "2026-10-15",
    "venue": "남동산업단지 지원센터",
    "description": "수요기업과 뿌리기업의 1:1 상담",
    "max_meetings": "5",
}


def test_the_staff_create_an_event_in_draft_and_organise_it(operator):
    response = client_for(operator).post(reverse("programs:event_create"), EVENT_FORM)
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert event.status == Event.Status.DRAFT and event.organiser == operator
    assert event.max_meetings == 5 and event.held_on == DAY
    assert ActivityLog.objects.filter(verb="programs.event.created", target_id=str(event.pk)).exists()


def test_a_company_member_or_a_visitor_cannot_create_an_event(supplier_admin):
    assert client_for(supplier_admin).post(reverse("programs:event_create"), EVENT_FORM).status_code == 403
    response = Client().post(reverse("programs:event_create"), EVENT_FORM)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Event.objects.exists()
    with pytest.raises(PermissionDenied):
        services.event_create(
            user=supplier_admin, data=services.EventInput(title="x", held_on=DAY, venue="y")
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("venue", "  "),
        ("held_on", "2026-13-40"),
        ("max_meetings", "0"),
        ("max_meetings", "51"),
    ],
)
def test_bad_event_input_is_refused_at_its_field(operator, field, value):
    response = client_for(operator).post(reverse("programs:event_create"), {**EVENT_FORM, field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_service_names_the_blank_fields(operator):
    with pytest.raises(ValidationError) as refused:
        services.event_create(user=operator, data=services.EventInput(title=" ", held_on=None, venue=""))
    assert set(refused.value.message_dict) == {"title", "venue", "held_on"}
    assert not Event.objects.exists()


def test_the_organiser_edits_the_event(organiser, event):
    response = client_for(organiser).post(
        reverse("programs:event_edit", args=[event.pk]), {**EVENT_FORM, "venue": "인천테크노파크 대회의실"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.venue == "인천테크노파크 대회의실" and event.max_meetings == 5


def test_editing_is_refused_to_others_and_bad_input_changes_nothing(organiser, event, supplier_admin):
    url = reverse("programs:event_edit", args=[event.pk])
    assert client_for(supplier_admin).post(url, {**EVENT_FORM, "venue": "x"}).status_code == 403
    assert client_for(organiser).post(url, {**EVENT_FORM, "title": ""}).status_code == 400
    # The day cannot move under the sessions' slots.
    response = client_for(organiser).post(url, {**EVENT_FORM, "held_on": "2026-10-16"})
    assert response.status_code == 400 and "held_on" in response.context["form"].errors
    event.refresh_from_db()
    assert (
        event.venue == "남동산업단지 지원센터"
        and event.title == "2026 뿌리기업 구매상담회"
        and event.held_on == DAY
    )


def test_a_draft_is_hidden_from_everyone_but_the_programme_staff(organiser, supplier_admin):
    draft = make_event(organiser, status=Event.Status.DRAFT)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert client_for(supplier_admin).get(draft.get_absolute_url()).status_code == 404
    assert client_for(supplier_admin).get(reverse("programs:event_edit", args=[draft.pk])).status_code == 404
    assert client_for(organiser).get(draft.get_absolute_url()).status_code == 200
    listed = Client().get(reverse("programs:events"))
    assert draft.title not in listed.content.decode()


def test_everyone_sees_an_announced_event_and_its_sessions(event):
    page = Client().get(event.get_absolute_url())
    assert page.status_code == 200
    assert "2026 뿌리기업 구매상담회" in page.content.decode() and "오전 상담" in page.content.decode()
    assert Client().get(reverse("programs:events")).context["events"][0] == event


def test_a_session_creates_its_slots(organiser, event):
    response = client_for(organiser).post(
        reverse("programs:event_session_add", args=[event.pk]),
        {"title": "오후 상담", "starts_at": "14:00", "slot_minutes": "30", "slot_count": "4"},
    )
    assert response.status_code == 302
    session = EventSession.objects.get(title="오후 상담")
    slots = list(session.slots.order_by("starts_at"))
    assert [s.starts_at for s in slots] == [at(14), at(14, 30), at(15), at(15, 30)]
    assert slots[-1].ends_at == at(16)
    assert all(s.event == event for s in slots)


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"title": "겹침", "starts_at": "11:00", "slot_minutes": "20", "slot_count": "2"}, "starts_at"),
        ({"title": "", "starts_at": "14:00", "slot_minutes": "20", "slot_count": "2"}, "title"),
        ({"title": "짧음", "starts_at": "14:00", "slot_minutes": "5", "slot_count": "2"}, "slot_minutes"),
        ({"title": "많음", "starts_at": "14:00", "slot_minutes": "20", "slot_count": "41"}, "slot_count"),
        ({"title": "시각", "starts_at": "25:00", "slot_minutes": "20", "slot_count": "2"}, "starts_at"),
    ],
)
def test_a_bad_or_overlapping_session_is_refused_with_nothing_created(organiser, event, posted, field):
    before = Slot.objects.count()
    response = client_for(organiser).post(reverse("programs:event_session_add", args=[event.pk]), posted)
    assert response.status_code == 400
    assert field in response.context["session_form"].errors
    assert Slot.objects.count() == before and EventSession.objects.count() == 1


def test_an_overlap_names_the_other_session(organiser, event):
    with pytest.raises(ValidationError) as refused:
        services.session_add(
            user=organiser, event=event, title="겹침", starts_at=at(11), slot_minutes=20, slot_count=2
        )
    assert "오전 상담" in refused.value.message_dict["starts_at"][0]


def test_a_session_must_be_on_the_event_day(organiser, event):
    from datetime import datetime, time

    with pytest.raises(ValidationError) as refused:
        services.session_add(
            user=organiser,
            event=event,
            title="다음 날",
            starts_at=datetime.combine(date(2026, 10, 16), time(10), tzinfo=SEOUL),
            slot_minutes=20,
            slot_count=2,
        )
    assert "starts_at" in refused.value.message_dict


def test_sessions_and_tables_are_the_organisers(event, supplier_admin):
    client = client_for(supplier_admin)
    session = {"title": "x", "starts_at": "14:00", "slot_minutes": "20", "slot_count": "2"}
    assert client.post(reverse("programs:event_session_add", args=[event.pk]), session).status_code == 403
    tables = {"count": "2", "label_prefix": "T"}
    assert client.post(reverse("programs:event_tables_add", args=[event.pk]), tables).status_code == 403
    assert Client().post(reverse("programs:event_tables_add", args=[event.pk]), tables).status_code == 302
    assert EventSession.objects.count() == 1 and EventTable.objects.count() == 3


def test_tables_are_numbered_on(organiser, event):
    client = client_for(organiser)
    response = client.post(
        reverse("programs:event_tables_add", args=[event.pk]), {"count": "2", "label_prefix": "T"}
    )
    assert response.status_code == 302
    client.post(reverse("programs:event_tables_add", args=[event.pk]), {"count": "2", "label_prefix": "VIP-"})
    assert list(event.tables.values_list("label", flat=True)) == [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "VIP-1",
        "VIP-2",
    ]


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"count": "0", "label_prefix": "T"}, "count"),
        ({"count": "198", "label_prefix": "T"}, "count"),  # 3 + 198 > 200
        ({"count": "2", "label_prefix": ""}, "label_prefix"),
        ({"count": "2", "label_prefix": "12345678901"}, "label_prefix"),
    ],
)
def test_bad_tables_input_is_refused(organiser, event, posted, field):
    response = client_for(organiser).post(reverse("programs:event_tables_add", args=[event.pk]), posted)
    assert response.status_code == 400 and field in response.context["tables_form"].errors
    assert EventTable.objects.count() == 3


def test_the_status_moves_draft_open_scheduled_finished(organiser):
    draft = make_event(organiser, status=Event.Status.DRAFT)
    client = client_for(organiser)
    for name, status in (
        ("programs:event_open", Event.Status.OPEN),
        ("programs:event_close", Event.Status.SCHEDULED),
        ("programs:event_finish", Event.Status.FINISHED),
    ):
        assert client.post(reverse(name, args=[draft.pk])).status_code == 302
        draft.refresh_from_db()
        assert draft.status == status
    # A finished day cannot be reopened, closed again, nor changed.
    response = client.post(reverse("programs:event_open", args=[draft.pk]), follow=True)
    assert "준비 중인 상담회만" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Event.Status.FINISHED
    with pytest.raises(ValidationError):
        services.tables_add(user=organiser, event=draft, count=1)


def test_a_company_member_cannot_change_the_status(event, supplier_admin):
    for name in ("programs:event_open", "programs:event_close", "programs:event_finish"):
        assert client_for(supplier_admin).post(reverse(name, args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.OPEN
    with pytest.raises(PermissionDenied):
        services.event_close(user=supplier_admin, event=event)


def test_the_event_list_answers_in_few_queries(organiser, django_assert_max_num_queries):
    for _ in range(3):
        make_event(organiser, slots=0, tables=0)
    with django_assert_max_num_queries(12):
        assert Client().get(reverse("programs:events")).status_code == 200
