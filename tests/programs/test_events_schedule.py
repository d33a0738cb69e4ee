"""The automatic schedule written to the database: a day of 40 participants and 120 requests through
event_schedule (one seat per participant and slot, one meeting per table and slot, caps, accepted
requests first), a second run that keeps what the organiser fixed, suggested pairs after requests, the
interpreter, and the page's button with its refusals."""

from collections import Counter, defaultdict

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ppuri.programs.models import Event, Meeting, MeetingRequest, MeetingSeat
from ppuri.programs.services import events_meetings as meetings
from ppuri.programs.services import events_participants as participation
from tests.conftest import client_for
from tests.programs.conftest_events import (  # noqa: F401
    ask,
    assert_the_schedule_holds,
    company,
    crowd,
    event_fixture,
    investor,
    join,
    make_event,
    organiser_fixture,
    requests_between,
    technology,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_day(organiser):
    """40 participants, 120 requests, 12 slots of 20 minutes and 10 tables."""
    event = make_event(organiser, slots=12, tables=10, max_meetings=5)
    people = crowd(event, 40)
    requests_between(event, people, 120)
    return event


def test_a_day_of_40_participants_and_120_requests_is_scheduled_without_double_booking(organiser, big_day):
    event = big_day
    assert event.participants.count() == 40 and event.requests.count() == 120
    result = meetings.event_schedule(user=organiser, event=event)
    assert result.scheduled == Meeting.objects.filter(event=event).count() > 60
    assert MeetingSeat.objects.filter(meeting__event=event).count() == 2 * result.scheduled
    assert_the_schedule_holds(event)
    # Every request is either placed or explained.
    placed = set(Meeting.objects.filter(event=event).values_list("request_id", flat=True))
    explained = {u.request_id for u in result.unscheduled}
    assert placed | explained == set(event.requests.values_list("pk", flat=True))
    assert all(
        u.reason in {"cap_reached", "no_common_slot", "no_table"} and u.detail for u in result.unscheduled
    )


def test_accepted_requests_are_placed_before_pending_ones(organiser, big_day):
    """Each accepted request that could not be placed was refused on the accepted meetings alone."""
    event = big_day
    result = meetings.event_schedule(user=organiser, event=event)
    accepted = Meeting.objects.filter(event=event, request__status=MeetingRequest.Status.ACCEPTED)
    busy: dict[int, set[int]] = defaultdict(set)
    tables_taken: dict[int, int] = Counter()
    count: Counter[int] = Counter()
    for meeting in accepted:
        busy[meeting.first_id].add(meeting.slot_id)
        busy[meeting.second_id].add(meeting.slot_id)
        tables_taken[meeting.slot_id] += 1
        count.update([meeting.first_id, meeting.second_id])
    caps = {p.pk: p.cap for p in event.participants.all()}
    slots = list(event.slots.values_list("pk", flat=True))
    statuses = dict(event.requests.values_list("pk", "status"))
    for refused in result.unscheduled:
        if statuses[refused.request_id] != MeetingRequest.Status.ACCEPTED:
            continue
        a, b = refused.first.pk, refused.second.pk
        if refused.reason == "cap_reached":
            assert count[a] >= caps[a] or count[b] >= caps[b]
        else:
            for slot in slots:
                assert slot in busy[a] or slot in busy[b] or tables_taken[slot] == 10


def test_a_second_run_keeps_manual_meetings_and_outcomes_and_is_deterministic(organiser, big_day):
    event = big_day
    meetings.event_schedule(user=organiser, event=event)
    first_run = set(Meeting.objects.filter(event=event).values_list("slot", "table", "first", "second"))
    kept_outcome = Meeting.objects.filter(event=event).order_by("pk").first()
    Meeting.objects.filter(pk=kept_outcome.pk).update(outcome=Meeting.Outcome.MOU)
    meetings.event_schedule(user=organiser, event=event)
    assert (
        set(Meeting.objects.filter(event=event).values_list("slot", "table", "first", "second")) == first_run
    )
    assert Meeting.objects.filter(pk=kept_outcome.pk, outcome=Meeting.Outcome.MOU).exists()
    assert_the_schedule_holds(event)


def test_a_request_declined_after_the_run_is_not_placed_again(
    organiser, event, supplier, supplier_admin, other_company, other_admin
):
    mine, theirs = join(event, supplier, supplier_admin), join(event, other_company, other_admin)
    request = ask(mine, theirs, user=supplier_admin)
    assert meetings.event_schedule(user=organiser, event=event).scheduled == 1
    participation.meeting_request_decline(user=other_admin, request=request)
    assert meetings.event_schedule(user=organiser, event=event).scheduled == 0
    assert not Meeting.objects.exists()


def test_suggested_pairs_come_after_the_requests(organiser):
    event = make_event(organiser, slots=3, tables=2, max_meetings=2)
    buyer_org, buyer_member = company("청라로보틱스(주)", process="welding.robotic")
    caster_org, caster_member = company("세광주조(주)", process="casting.die-casting")
    forge_org, forge_member = company("한길단조(주)", process="forming.hot-forging")
    buyer_row = join(
        event, buyer_org, buyer_member, wanted_technologies=[technology("casting"), technology("forming")]
    )
    caster = join(event, caster_org, caster_member)
    forge = join(event, forge_org, forge_member)
    ask(forge, caster, user=forge_member, reason="금형 협업")
    result = meetings.event_schedule(user=organiser, event=event, include_suggested=True)
    rows = list(Meeting.objects.order_by("slot__starts_at", "table_id"))
    assert (rows[0].first, rows[0].second, rows[0].origin) == (forge, caster, Meeting.Origin.REQUESTED)
    suggested = [m for m in rows if m.origin == Meeting.Origin.SUGGESTED]
    assert {frozenset((m.first_id, m.second_id)) for m in suggested} == {
        frozenset((buyer_row.pk, caster.pk)),
        frozenset((buyer_row.pk, forge.pk)),
    }
    assert all("공정 보유" in m.reason for m in suggested)
    # The unscheduled list names requests only; suggestions left out are not failures.
    assert result.unscheduled == []
    assert_the_schedule_holds(event)


def test_an_interpreter_sits_in_when_one_side_asks_and_the_languages_differ(
    organiser, event, supplier, supplier_admin
):
    mine = join(event, supplier, supplier_admin)
    fund = investor(event)  # English, asks for an interpreter
    ask(fund, mine)
    meetings.event_schedule(user=organiser, event=event)
    assert Meeting.objects.get().interpreter is True


def test_the_schedule_needs_an_open_or_scheduled_event(organiser):
    draft = make_event(organiser, status=Event.Status.DRAFT)
    finished = make_event(organiser, status=Event.Status.FINISHED)
    for day in (draft, finished):
        with pytest.raises(ValidationError):
            meetings.event_schedule(user=organiser, event=day)


def test_the_button_schedules_and_shows_the_grid(organiser, big_day):
    client = client_for(organiser)
    response = client.post(reverse("programs:event_schedule_run", args=[big_day.pk]), follow=True)
    assert response.status_code == 200
    assert Meeting.objects.filter(event=big_day).exists()
    html = response.content.decode()
    assert 'data-testid="schedule-grid"' in html and 'data-testid="unscheduled"' in html
    assert_the_schedule_holds(big_day)
    grid = client.get(reverse("programs:event_schedule", args=[big_day.pk]))
    assert grid.status_code == 200 and "@media print" not in grid.content.decode()  # the CSS is a file
    assert "programs-print.css" in grid.content.decode() and "인쇄" in grid.content.decode()


def test_the_button_is_refused_to_others_and_nothing_is_written(
    organiser, event, supplier, supplier_admin, other_company, other_admin
):
    mine, theirs = join(event, supplier, supplier_admin), join(event, other_company, other_admin)
    ask(mine, theirs, user=supplier_admin)
    url = reverse("programs:event_schedule_run", args=[event.pk])
    assert client_for(supplier_admin).post(url).status_code == 403
    assert Client().post(url).status_code == 302
    with pytest.raises(PermissionDenied):
        meetings.event_schedule(user=supplier_admin, event=event)
    assert not Meeting.objects.exists()
    assert (
        client_for(supplier_admin).get(reverse("programs:event_schedule", args=[event.pk])).status_code == 403
    )


def test_a_refused_run_says_why(organiser):
    draft = make_event(organiser, status=Event.Status.DRAFT)
    response = client_for(organiser).post(
        reverse("programs:event_schedule_run", args=[draft.pk]), follow=True
    )
    assert "일정을 바꿀 수 있습니다" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_organisers_page_answers_in_a_bounded_number_of_queries(
    organiser, big_day, django_assert_max_num_queries
):
    meetings.event_schedule(user=organiser, event=big_day)
    client = client_for(organiser)
    client.get(big_day.get_absolute_url())
    with django_assert_max_num_queries(60):
        assert client.get(big_day.get_absolute_url()).status_code == 200
