"""A matchmaking day in real browsers (issue 17, "Done when" 2): the city's organiser opens a day prepared
with 40 participants and 120 requests, clicks "일정 자동 배정" and sees the grid; the database then shows
nobody double-booked and every cap held. A company member opens their own printable schedule, with its
"인쇄" button, and cannot open the organiser's grid."""

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.programs.models import Meeting, MeetingSeat
from ppuri.programs.services import events_participants as participation
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.programs.conftest_events import (
    assert_the_schedule_holds,
    company,
    crowd,
    join,
    make_event,
    requests_between,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day():
    """The city's organiser; a day of 12 slots and 10 tables, caps of 5 (or each participant's own);
    39 companies registered by the organiser and 세광주조 registered by its member: 40 participants,
    120 requests between them, about half accepted."""
    organiser = UserFactory(username="city-organiser", role=Role.CITY, display_name="인천시 상담회 담당자")
    event = make_event(organiser, slots=12, tables=10, max_meetings=5)
    caster_org, _member = company("세광주조(주)", username="caster-member")
    caster = join(event, caster_org, _member, needs="전기차 부품 수요기업", contact_name="김영업")
    people = [caster, *crowd(event, 39)]
    requests_between(event, people, 120, seed=2026)
    # The member's company is surely in the schedule: it asked two others first.
    for other in people[1:3]:
        if not event.requests.filter(requester__in=[caster, other], target__in=[caster, other]).exists():
            participation.meeting_request_create(
                user=_member, requester=caster, target=other, reason="다이캐스팅 하우징 견적 상담"
            )
    assert event.participants.count() == 40 and event.requests.count() >= 120
    return {"event": event, "caster": caster}


def test_an_organiser_schedules_a_day_of_40_participants_and_a_company_prints_its_schedule(open_page, day):
    event, caster = day["event"], day["caster"]

    # 1. The organiser runs the automatic schedule from the event's page and sees the grid.
    organiser = open_page()
    log_in(organiser, "city-organiser")
    organiser.goto(event.get_absolute_url())
    expect(organiser.get_by_test_id("participants")).to_contain_text("세광주조(주)")
    organiser.get_by_test_id("schedule-run").click()
    organiser.wait_for_load_state()
    grid = organiser.get_by_test_id("schedule-grid")
    expect(grid).to_be_visible()
    expect(grid.locator("thead th")).to_have_count(11)  # the time column and T1…T10
    expect(grid.locator("tbody tr")).to_have_count(12)
    expect(organiser.get_by_test_id("unscheduled")).to_be_visible()

    # 2. In the database: nobody in two meetings at once, no table twice in a slot, every cap held.
    scheduled = Meeting.objects.filter(event=event).count()
    assert scheduled > 60
    assert MeetingSeat.objects.filter(meeting__event=event).count() == 2 * scheduled
    assert_the_schedule_holds(event)
    first = Meeting.objects.filter(event=event).select_related("first", "second").first()
    expect(grid.get_by_test_id(f"cell-{first.pk}")).to_contain_text(first.first.name)

    # The whole grid prints from its own page.
    organiser.get_by_test_id("print-grid").click()
    expect(organiser.get_by_test_id("print")).to_be_visible()
    expect(organiser.get_by_test_id("schedule-grid")).to_be_visible()

    # 3. The company member opens their own printable schedule.
    member = open_page()
    log_in(member, "caster-member")
    member.goto(event.get_absolute_url())
    member.get_by_test_id("my-schedule").click()
    expect(member.get_by_test_id("schedule-title")).to_contain_text("세광주조(주)")
    mine = Meeting.objects.filter(event=event, seats__participant=caster).order_by("slot__starts_at")
    assert mine.exists()
    rows = member.get_by_test_id("participant-schedule").locator("tbody tr")
    expect(rows).to_have_count(mine.count())
    expect(member.get_by_test_id("print")).to_be_visible()
    expect(member.get_by_test_id("print")).to_have_text("인쇄")
    # Not the organiser's grid.
    response = member.goto(f"{event.get_absolute_url()}schedule/")
    assert response is not None and response.status == 403
