"""Company visits through the pages and the API: the staff's lists, logging a visit with its
follow-ups, a visit's page as each viewer may see it (the visited company's member: date, shared
summary, follow-ups' titles and statuses — never the notes, the risk or the red flags' details), the
follow-up's page and actions; every write refused for the wrong person or bad input changes nothing."""

from datetime import date

import pytest
from django.test import Client

from ppuri.challenges.models import Challenge
from ppuri.programs.models import FollowUp, Lead, Visit
from ppuri.programs.services import visits as services
from ppuri.talent.models import JobPosting
from tests.conftest import client_for
from tests.programs.conftest_leads_visits import *  # noqa: F403 (the fixtures)
from tests.programs.conftest_leads_visits import follow_up_of, hiring_visit, visit_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

VISITS_API = "/api/v1/programs/visits"
NOTES = "대표가 김포 이전을 검토 중이라고 귀띔함(내부)"
SUMMARY = "용접공 채용 공고 작성을 돕기로 했습니다."


def state() -> tuple:
    return (
        list(Visit.objects.order_by("pk").values()),
        list(FollowUp.objects.order_by("pk").values()),
        list(JobPosting.objects.order_by("pk").values()),
        list(Challenge.objects.order_by("pk").values()),
        list(Lead.objects.order_by("pk").values()),
    )


def form_data(company, **changes) -> dict:
    data = {
        "organization": str(company.pk),
        "visited_on": "2026-05-18",
        "met": "대표이사",
        "plan": "stable",
        "relocation_risk": "high",
        "hiring_need": "on",
        "hiring_detail": "CO2 용접공 2명",
        "notes": NOTES,
        "summary_for_company": SUMMARY,
    }
    data.update(changes)
    return data


@pytest.fixture
def visit(operator, visited):
    return hiring_visit(operator, visited, relocation_risk="high")


# --- the lists -------------------------------------------------------------------------------------


def test_the_staff_list_shows_open_follow_ups_by_due_date_with_the_overdue_marked(
    operator, visited, city_official
):
    early = hiring_visit(operator, visited, visited_on=date(2026, 4, 1))  # due 04-15: overdue on 05-20
    late = hiring_visit(operator, visited)
    response = client_for(city_official).get("/programs/visits/")
    assert response.status_code == 200
    rows = list(response.context["follow_ups"])
    assert rows == [follow_up_of(early, "hiring"), follow_up_of(late, "hiring")]
    text = response.content.decode()
    assert text.count('data-testid="overdue"') == 1
    assert text.index(f"follow-up-{rows[0].pk}") < text.index(f"follow-up-{rows[1].pk}")


def test_a_company_member_lists_its_own_visits(visit, visited_member, supplier_admin):
    response = client_for(visited_member).get("/programs/visits/")
    assert response.status_code == 200 and list(response.context["visits"]) == [visit]
    assert NOTES not in response.content.decode()
    assert list(client_for(supplier_admin).get("/programs/visits/").context["visits"]) == []


def test_the_visits_list_is_for_staff_and_companies(seeker, expert, labor_office):
    for user in (seeker, expert, labor_office):
        assert client_for(user).get("/programs/visits/").status_code == 403
    assert Client().get("/programs/visits/").status_code == 302


# --- logging a visit -------------------------------------------------------------------------------


def test_the_form_names_the_company_chosen_in_the_address(operator, visited):
    response = client_for(operator).get(f"/programs/visits/new/?organization={visited.pk}")
    assert response.status_code == 200
    assert "남동용접기술(주)" in response.content.decode()


def test_the_staff_log_a_visit_and_its_follow_ups_through_the_form(city_official, operator, visited):
    response = client_for(city_official).post(
        "/programs/visits/new/",
        form_data(visited, site_need="on", site_detail="물류창고", owner_expansion=str(operator.pk)),
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/programs/visits/{visit.pk}/"
    assert visit.visitor == city_official and visit.notes == NOTES
    owners = dict(visit.follow_ups.values_list("kind", "owner"))
    assert owners == {"hiring": city_official.pk, "expansion": operator.pk, "relocation": city_official.pk}
    assert set(visit.follow_ups.values_list("due_on", flat=True)) == {date(2026, 5, 25)}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hiring_detail": ""}, "hiring_detail"),
        ({"organization": "없는회사"}, "organization"),
        ({"visited_on": "2026-05-30"}, "visited_on"),
        ({"visited_on": "어제"}, "visited_on"),
        ({"plan": "grow"}, "plan"),
        ({"due_technology": "2026-06-01"}, "due_technology"),
        ({"due_hiring": "2026-05-01"}, "due_hiring"),
    ],
)
def test_bad_visit_input_on_the_form_is_shown_at_its_field(operator, visited, change, field):
    response = client_for(operator).post("/programs/visits/new/", form_data(visited, **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert state() == ([], [], [], [], [])


def test_a_non_staff_owner_cannot_be_chosen(operator, visited, visited_member):
    response = client_for(operator).post(
        "/programs/visits/new/", form_data(visited, owner_hiring=str(visited_member.pk))
    )
    assert response.status_code == 400 and "owner_hiring" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_others_cannot_log_visits(visited, visited_member, seeker, expert):
    for user in (visited_member, seeker, expert):
        client = client_for(user)
        assert client.get("/programs/visits/new/").status_code == 403
        assert client.post("/programs/visits/new/", form_data(visited)).status_code == 403
    assert Client().post("/programs/visits/new/", form_data(visited)).status_code == 302
    assert not Visit.objects.exists()


# --- a visit's page --------------------------------------------------------------------------------


def test_the_staff_see_the_survey_the_notes_and_route_buttons(visit, operator):
    text = client_for(operator).get(f"/programs/visits/{visit.pk}/").content.decode()
    assert NOTES in text and "CO2 용접공 2명" in text and SUMMARY in text
    assert 'data-testid="relocation-risk"' in text
    assert 'data-testid="route-hiring"' in text


def test_the_visited_companys_member_sees_the_summary_but_not_the_notes(visit, visited_member):
    response = client_for(visited_member).get(f"/programs/visits/{visit.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert SUMMARY in text and "2026-05-18" in text
    for title, status in visit.follow_ups.values_list("title", "status"):
        assert title in text and f'data-status="{status}"' in text
    for hidden in (NOTES, "CO2 용접공", "높음", "이전 가능성", "대표이사", "route-", "채용 수요"):
        assert hidden not in text, hidden


def test_other_signed_in_users_get_a_404_and_anonymous_visitors_log_in(visit, supplier_admin, seeker, expert):
    for user in (supplier_admin, seeker, expert):
        assert client_for(user).get(f"/programs/visits/{visit.pk}/").status_code == 404
    anonymous = Client().get(f"/programs/visits/{visit.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


# --- follow-ups ------------------------------------------------------------------------------------


def test_routing_through_the_page_links_the_draft_posting(visit, operator):
    hiring = follow_up_of(visit, "hiring")
    client = client_for(operator)
    page = client.get(f"/programs/follow-ups/{hiring.pk}/")
    assert page.status_code == 200 and 'data-testid="route"' in page.content.decode()

    response = client.post(f"/programs/follow-ups/{hiring.pk}/route/")
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    text = client.get(f"/programs/follow-ups/{hiring.pk}/").content.decode()
    assert f"/jobs/{posting.pk}/" in text and 'data-testid="route"' not in text

    client.post(f"/programs/follow-ups/{hiring.pk}/route/")
    assert JobPosting.objects.count() == 1


def test_a_refused_route_is_explained_and_changes_nothing(city_official, visit):
    hiring = follow_up_of(visit, "hiring")
    page = client_for(city_official).get(f"/programs/follow-ups/{hiring.pk}/").content.decode()
    assert 'data-testid="route-refused"' in page
    before = state()
    assert client_for(city_official).post(f"/programs/follow-ups/{hiring.pk}/route/").status_code == 403
    relocation = follow_up_of(visit, "relocation")
    response = client_for(city_official).post(f"/programs/follow-ups/{relocation.pk}/route/")
    assert response.status_code == 302  # back to the page with the reason
    assert state() == before


def test_follow_up_pages_and_actions_are_the_staffs(visit, visited_member, seeker):
    hiring = follow_up_of(visit, "hiring")
    before = state()
    for user in (visited_member, seeker):
        client = client_for(user)
        assert client.get(f"/programs/follow-ups/{hiring.pk}/").status_code == 403
        for action in ("route", "done", "cancel"):
            assert (
                client.post(f"/programs/follow-ups/{hiring.pk}/{action}/", {"result": "x"}).status_code == 403
            )
    for action in ("route", "done", "cancel"):
        assert (
            Client().post(f"/programs/follow-ups/{hiring.pk}/{action}/", {"result": "x"}).status_code == 302
        )
    assert state() == before


def test_done_and_cancel_through_the_page(visit, operator):
    client = client_for(operator)
    hiring, relocation = follow_up_of(visit, "hiring"), follow_up_of(visit, "relocation")
    before = state()
    response = client.post(f"/programs/follow-ups/{hiring.pk}/done/", {"result": ""})
    assert response.status_code == 400 and "result" in response.context["close_form"].errors
    assert state() == before

    assert client.post(f"/programs/follow-ups/{hiring.pk}/done/", {"result": "공고 게시"}).status_code == 302
    assert (
        client.post(f"/programs/follow-ups/{relocation.pk}/cancel/", {"result": "이전 계획 철회"}).status_code
        == 302
    )
    hiring.refresh_from_db()
    relocation.refresh_from_db()
    assert (hiring.status, hiring.result) == ("done", "공고 게시")
    assert (relocation.status, relocation.result) == ("cancelled", "이전 계획 철회")
    response = client.post(f"/programs/follow-ups/{hiring.pk}/cancel/", {"result": "다시"})
    assert response.status_code == 400
    hiring.refresh_from_db()
    assert hiring.status == "done"


# --- the API ---------------------------------------------------------------------------------------


def api_body(company, **changes) -> dict:
    body = {
        "organization_id": company.pk,
        "visited_on": "2026-05-18",
        "plan": "expand",
        "relocation_risk": "none",
        "hiring_need": True,
        "hiring_detail": "CO2 용접공 2명",
        "site_need": True,
        "site_detail": "증설 부지",
        "notes": NOTES,
        "summary_for_company": SUMMARY,
    }
    body.update(changes)
    return body


def post(user, body, token_for):
    return Client().post(VISITS_API, body, content_type="application/json", headers=token_for(user))


def test_the_staff_log_a_visit_through_the_api(city_official, operator, visited, token_for):
    response = post(
        city_official,
        api_body(
            visited, follow_ups=[{"kind": "expansion", "owner_id": operator.pk, "due_on": "2026-05-22"}]
        ),
        token_for,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["detail_visible"] is True and body["notes"] == NOTES
    assert body["survey"]["hiring_detail"] == "CO2 용접공 2명"
    follow_ups = {f["kind"]: f for f in body["follow_ups"]}
    assert set(follow_ups) == {"hiring", "expansion"}
    assert (
        follow_ups["expansion"]["owner_id"] == operator.pk
        and follow_ups["expansion"]["due_on"] == "2026-05-22"
    )
    assert (
        follow_ups["hiring"]["owner_id"] == city_official.pk
        and follow_ups["hiring"]["due_on"] == "2026-06-01"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hiring_detail": ""}, "hiring_detail"),
        ({"visited_on": "2026-06-30"}, "visited_on"),
        ({"visited_on": "yesterday"}, "visited_on"),
        ({"plan": "grow"}, "plan"),
        ({"organization_id": 999_999}, "organization_id"),
        ({"organization_id": 0}, "organization_id"),
        ({"hiring_detail": "가" * 301}, "hiring_detail"),
        ({"follow_ups": [{"kind": "technology", "due_on": "2026-06-01"}]}, "follow_ups.technology.due_on"),
        ({"follow_ups": [{"kind": "hiring", "owner_id": 999_999}]}, "follow_ups.hiring.owner_id"),
        ({"follow_ups": [{"kind": "hiring"}, {"kind": "hiring"}]}, "follow_ups"),
        ({"follow_ups": [{"kind": "gossip"}]}, "kind"),
    ],
)
def test_bad_api_input_is_a_422_naming_the_field(operator, visited, token_for, change, field):
    response = post(operator, api_body(visited, **change), token_for)
    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert state() == ([], [], [], [], [])


def test_a_private_company_the_caller_cannot_see_is_not_visited_through_the_api(city_official, token_for):
    from tests.factories import OrganizationFactory

    hidden = OrganizationFactory(name="비공개기업(주)", is_public=False)
    response = post(city_official, api_body(hidden), token_for)
    assert response.status_code == 422 and "organization_id" in response.json()["detail"]
    assert not Visit.objects.exists()


def test_others_cannot_log_visits_through_the_api(visited, visited_member, seeker, expert, token_for):
    for user in (visited_member, seeker, expert):
        assert post(user, api_body(visited), token_for).status_code == 403
    anonymous = Client().post(VISITS_API, api_body(visited), content_type="application/json")
    assert anonymous.status_code == 401
    assert not Visit.objects.exists()


def test_the_api_reads_each_viewer_their_share(
    visit, operator, visited_member, supplier_admin, seeker, token_for
):
    staff = Client().get(VISITS_API, headers=token_for(operator)).json()
    (row,) = staff["results"]
    assert row["notes"] == NOTES and row["survey"]["relocation_risk"] == "high"
    assert {f["kind"] for f in row["follow_ups"]} == {"hiring", "relocation"}

    member = Client().get(VISITS_API, headers=token_for(visited_member))
    (shared,) = member.json()["results"]
    assert shared["summary_for_company"] == SUMMARY and shared["detail_visible"] is False
    assert shared["survey"] is None and shared["notes"] is None
    assert all(
        set(f) >= {"title", "status"} and f["kind"] is None and f["result"] is None
        for f in shared["follow_ups"]
    )
    assert NOTES not in member.content.decode() and "CO2" not in member.content.decode()

    for user in (supplier_admin, seeker):
        assert Client().get(VISITS_API, headers=token_for(user)).json()["count"] == 0
    assert Client().get(VISITS_API).status_code == 401


def test_the_api_creates_follow_ups_as_the_page_does(operator, visited, token_for):
    body = api_body(visited, plan="downsize", relocation_risk="high", site_need=False, site_detail="")
    created = post(operator, body, token_for).json()
    page_visit = services.visit_log(
        actor=operator,
        data=visit_input(
            visited, plan="downsize", relocation_risk="high", hiring_need=True, hiring_detail="CO2 용접공 2명"
        ),
    )
    assert sorted((f["kind"], f["due_on"]) for f in created["follow_ups"]) == sorted(
        (f.kind, f.due_on.isoformat()) for f in page_visit.follow_ups.all()
    )


def test_the_visit_lists_make_as_many_queries_for_many_visits_as_for_few(operator, visited, token_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import count_queries

    client = client_for(operator)
    headers = token_for(operator)

    def api_queries() -> int:
        Client().get(VISITS_API, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(VISITS_API, headers=headers).status_code == 200
        return len(queries)

    hiring_visit(operator, visited, relocation_risk="high")
    few = (count_queries(client, "/programs/visits/"), api_queries())
    for _ in range(4):
        hiring_visit(operator, visited, relocation_risk="high", plan="expand")
    assert (count_queries(client, "/programs/visits/"), api_queries()) == few
