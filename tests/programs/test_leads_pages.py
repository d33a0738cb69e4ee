"""The investment pipeline through its pages and the API: the staff's pipeline, a lead's page and
forms, stage moves; every write refused for the wrong person or bad input changes nothing; and the
pipeline stays confidential — its distinctive investor name (and its code name) never reaches a company
user, a seeker, an expert or an anonymous visitor on any page or API read."""

import pytest
from django.test import Client

from ppuri.programs.models import Lead, LeadStageChange
from ppuri.programs.services import investment as services
from tests.conftest import client_for
from tests.programs.conftest_leads_visits import *  # noqa: F403 (the fixtures)
from tests.programs.conftest_leads_visits import INVESTOR, lead_input

pytestmark = pytest.mark.django_db

LEADS_API = "/api/v1/programs/leads"


def state() -> tuple:
    return (
        list(Lead.objects.order_by("pk").values()),
        list(LeadStageChange.objects.order_by("pk").values()),
        list(Lead.technologies.through.objects.order_by("pk").values()),
    )


def form_data(**changes) -> dict:
    data = {
        "code_name": "Project Heron",
        "investor_name": "Heron Marine Robotics Pte. Ltd.",
        "origin": "foreign",
        "country": "SG",
        "sector": "robotics",
        "summary": "싱가포르 해양 로봇 기업",
        "summary_en": "A Singapore marine robotics firm.",
        "investment_usd": "12000000",
        "jobs": "45",
        "next_step": "IR 자료 발송",
        "next_step_on": "2026-12-20",
    }
    data.update(changes)
    return data


# --- who may open the pipeline -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/programs/leads/", "/programs/leads/new/"])
def test_the_pipeline_pages_are_the_staffs(
    url, operator, city_official, fez_officer, supplier_admin, seeker, expert
):
    for user in (operator, city_official, fez_officer):
        assert client_for(user).get(url).status_code == 200, user
    for user in (supplier_admin, seeker, expert):
        assert client_for(user).get(url).status_code == 403, user
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_leads_pages_are_the_staffs(lead, fez_officer, supplier_admin, seeker):
    for url in (f"/programs/leads/{lead.pk}/", f"/programs/leads/{lead.pk}/edit/"):
        assert client_for(fez_officer).get(url).status_code == 200
        for user in (supplier_admin, seeker):
            assert client_for(user).get(url).status_code == 403
        assert Client().get(url).status_code == 302
    assert client_for(fez_officer).get("/programs/leads/999999/").status_code == 404


def test_the_pipeline_lists_code_names_by_stage_with_totals(lead, fez_officer, operator):
    other = services.lead_create(
        actor=operator, data=lead_input(code_name="Project Osprey", investment_usd=None)
    )
    services.lead_stage_set(actor=operator, lead=other, stage="loi")

    text = client_for(fez_officer).get("/programs/leads/").content.decode()
    assert "Project Falcon" in text and "Project Osprey" in text
    assert INVESTOR not in text  # the list shows code names only
    assert 'data-testid="leads-loi"' in text and 'data-testid="stage-open-total"' in text
    assert 'data-testid="stale-leads"' in text  # Falcon's next step (2026-06-01) has passed


def test_a_leads_page_shows_the_details_and_history(lead, fez_officer):
    text = client_for(fez_officer).get(f"/programs/leads/{lead.pk}/").content.decode()
    assert INVESTOR in text
    assert "독일 협동로봇 기업의 아시아 생산 거점 투자 검토" in text
    assert 'data-testid="stage-history"' in text and 'data-testid="stage-form"' in text
    assert f"/programs/leads/{lead.pk}/edit/" in text


def test_an_english_reader_reads_the_english_summary(lead, fez_officer):
    text = (
        client_for(fez_officer).get(f"/programs/leads/{lead.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "A German cobot maker weighing an Asian production base." in text
    assert "독일 협동로봇 기업의 아시아 생산 거점 투자 검토" not in text


# --- writes through the pages --------------------------------------------------------------------


def test_the_staff_create_a_lead_through_the_form(fez_officer, visited):
    response = client_for(fez_officer).post(
        "/programs/leads/new/", form_data(organization=str(visited.pk), technologies=[])
    )
    created = Lead.objects.get(code_name="Project Heron")
    assert response.status_code == 302 and response["Location"] == f"/programs/leads/{created.pk}/"
    assert created.organization == visited and created.country == "SG" and created.jobs == 45
    assert created.stage_changes.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code_name": ""}, "code_name"),
        ({"country": "S1"}, "country"),
        ({"jobs": "-1"}, "jobs"),
        ({"investment_usd": "lots"}, "investment_usd"),
        ({"organization": "없는회사"}, "organization"),
        ({"next_step_on": "2026-13-40"}, "next_step_on"),
    ],
)
def test_bad_input_on_the_lead_form_is_shown_at_its_field(fez_officer, change, field):
    response = client_for(fez_officer).post("/programs/leads/new/", form_data(**change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Lead.objects.exists()


def test_a_duplicate_code_name_is_refused_at_its_field(lead, fez_officer):
    before = state()
    response = client_for(fez_officer).post("/programs/leads/new/", form_data(code_name="Project Falcon"))
    assert response.status_code == 400 and "code_name" in response.context["form"].errors
    assert state() == before


def test_others_cannot_create_edit_or_move_a_lead(lead, supplier_admin, seeker, expert):
    before = state()
    for user in (supplier_admin, seeker, expert):
        client = client_for(user)
        assert client.post("/programs/leads/new/", form_data()).status_code == 403
        assert client.post(f"/programs/leads/{lead.pk}/edit/", form_data()).status_code == 403
        assert client.post(f"/programs/leads/{lead.pk}/stage/", {"stage": "contact"}).status_code == 403
    anonymous = Client()
    assert anonymous.post("/programs/leads/new/", form_data()).status_code == 302
    assert anonymous.post(f"/programs/leads/{lead.pk}/stage/", {"stage": "contact"}).status_code == 302
    assert state() == before


def test_the_staff_edit_a_lead(lead, operator):
    response = client_for(operator).post(
        f"/programs/leads/{lead.pk}/edit/", form_data(code_name="Project Falcon", technologies=[])
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.investor_name == "Heron Marine Robotics Pte. Ltd." and lead.stage == "lead"


def test_a_bad_edit_changes_nothing(lead, operator):
    before = state()
    response = client_for(operator).post(f"/programs/leads/{lead.pk}/edit/", form_data(country="Deutschland"))
    assert response.status_code == 400 and "country" in response.context["form"].errors
    assert state() == before


def test_a_stage_move_through_the_page(lead, fez_officer):
    response = client_for(fez_officer).post(
        f"/programs/leads/{lead.pk}/stage/", {"stage": "site_visit", "note": "서부산단 현장 안내"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.stage == "site_visit"
    assert lead.stage_changes.last().note == "서부산단 현장 안내"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"stage": "lost", "lost_reason": ""}, "lost_reason"),
        ({"stage": "won"}, "stage"),
        ({"stage": "lead"}, "stage"),
    ],
)
def test_a_bad_stage_move_is_shown_and_changes_nothing(lead, fez_officer, data, field):
    before = state()
    response = client_for(fez_officer).post(f"/programs/leads/{lead.pk}/stage/", data)
    assert response.status_code == 400
    assert field in response.context["stage_form"].errors
    assert state() == before


def test_the_stage_url_takes_only_post(lead, fez_officer):
    assert client_for(fez_officer).get(f"/programs/leads/{lead.pk}/stage/").status_code == 405


# --- the API -------------------------------------------------------------------------------------


def api_body(**changes) -> dict:
    body = {
        "code_name": "Project Kestrel",
        "investor_name": "Kestrel Aero Systems Inc.",
        "origin": "foreign",
        "country": "US",
        "sector": "aerospace",
        "technologies": ["heat-treatment", "precision-machining"],
        "investment_usd": 25_000_000,
        "jobs": 60,
        "complex": "seobu",
        "next_step_on": "2026-12-15",
    }
    body.update(changes)
    return body


def test_the_staff_read_the_leads_through_the_api(lead, fez_officer, token_for):
    response = Client().get(LEADS_API, headers=token_for(fez_officer))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["code_name"] == "Project Falcon" and row["investor_name"] == INVESTOR
    assert sorted(row["technologies"]) == ["robotics", "welding"] and row["complex"] == "seobu"
    assert Client().get(LEADS_API + "?stage=lost", headers=token_for(fez_officer)).json()["count"] == 0


def test_the_staff_create_a_lead_through_the_api(operator, fez_officer, token_for):
    response = Client().post(
        LEADS_API,
        api_body(officer_id=fez_officer.pk),
        content_type="application/json",
        headers=token_for(operator),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stage"] == "lead" and body["officer_id"] == fez_officer.pk
    assert Lead.objects.get(code_name="Project Kestrel").stage_changes.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code_name": ""}, "code_name"),
        ({"country": "USA"}, "country"),
        ({"country": "u1"}, "country"),
        ({"origin": "martian"}, "origin"),
        ({"technologies": ["teleportation"]}, "technologies"),
        ({"complex": "gangnam"}, "complex"),
        ({"jobs": -1}, "jobs"),
        ({"investment_krw": 10**16}, "investment_krw"),
        ({"organization_id": 999_999}, "organization_id"),
        ({"next_step_on": "someday"}, "next_step_on"),
    ],
)
def test_bad_api_input_is_a_422_naming_the_field(operator, token_for, change, field):
    response = Client().post(
        LEADS_API, api_body(**change), content_type="application/json", headers=token_for(operator)
    )
    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not Lead.objects.exists()


def test_a_non_staff_officer_or_a_private_company_is_refused_by_the_api(
    operator, city_official, supplier_admin, token_for
):
    from tests.factories import OrganizationFactory

    hidden = OrganizationFactory(name="비공개기업(주)", is_public=False)
    for change, field in (
        ({"officer_id": supplier_admin.pk}, "officer_id"),
        ({"organization_id": hidden.pk}, "organization_id"),
    ):
        response = Client().post(
            LEADS_API, api_body(**change), content_type="application/json", headers=token_for(city_official)
        )
        assert response.status_code == 422 and field in response.json()["detail"], response.content
    assert not Lead.objects.exists()


def test_others_get_no_leads_from_the_api(lead, supplier_admin, seeker, expert, token_for):
    before = state()
    for user in (supplier_admin, seeker, expert):
        assert Client().get(LEADS_API, headers=token_for(user)).status_code == 403
        response = Client().post(
            LEADS_API, api_body(), content_type="application/json", headers=token_for(user)
        )
        assert response.status_code == 403
    assert Client().get(LEADS_API).status_code == 401
    assert Client().post(LEADS_API, api_body(), content_type="application/json").status_code == 401
    assert state() == before


# --- confidentiality ------------------------------------------------------------------------------


def test_the_investor_name_never_reaches_anyone_outside_the_pipeline(
    fez_officer, visited, visited_member, seeker, expert, token_for
):
    """An expansion lead for the visited company, moved and edited: neither its investor name nor its
    code name shows on any page or API read of the company's member, a seeker, an expert or an
    anonymous visitor."""
    lead = services.lead_create(actor=fez_officer, data=lead_input(organization=visited))
    services.lead_stage_set(actor=fez_officer, lead=lead, stage="contact", note=f"{INVESTOR} 본사 통화")
    pages = [
        "/",
        "/programs/leads/",
        f"/programs/leads/{lead.pk}/",
        f"/programs/leads/{lead.pk}/edit/",
        "/programs/visits/",
        f"/companies/{visited.pk}/",
        "/home/",
        "/accounts/my-data/",
    ]
    apis = [LEADS_API, "/api/v1/programs/visits", f"/api/v1/companies/{visited.pk}"]
    for user in (visited_member, seeker, expert, None):
        client = client_for(user) if user else Client()
        headers = token_for(user) if user else {}
        for url in pages + apis:
            response = client.get(url, follow=True) if url in pages else Client().get(url, headers=headers)
            text = response.content.decode()
            assert INVESTOR not in text, (user, url)
            assert "Project Falcon" not in text, (user, url)


def test_the_pipeline_page_and_api_make_as_many_queries_for_many_leads_as_for_few(
    operator, fez_officer, token_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import count_queries

    client = client_for(fez_officer)
    headers = token_for(fez_officer)

    def api_queries() -> int:
        Client().get(LEADS_API, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(LEADS_API, headers=headers).status_code == 200
        return len(queries)

    def add(names) -> None:
        for name in names:
            created = services.lead_create(
                actor=operator, data=lead_input(code_name=name, officer=fez_officer)
            )
            services.lead_stage_set(actor=operator, lead=created, stage="contact")

    add(["A1", "A2"])
    few = (count_queries(client, "/programs/leads/"), api_queries())
    add(["B1", "B2", "B3", "B4", "B5"])
    assert (count_queries(client, "/programs/leads/"), api_queries()) == few
