"""`GET /api/v1/programs/projects/{id}` and the list (issue 17's contract): the budget by phase, the
execution rate and the milestones, with the variance, the totals per sub-project, source and year, the
outputs and the synthetic mark beside them; lines for the programme's staff only; a project the viewer
may not see is a 404; bad ids are refused."""

from datetime import date

import pytest
from django.test import Client

from ppuri.programs.services import project_progress as progress
from tests.conftest import client_for
from tests.programs.projects_setup import EOK, build_namdong, build_seobu

pytestmark = pytest.mark.django_db

API = "/api/v1/programs/projects"


@pytest.fixture
def namdong(city_official):
    project = build_namdong(city_official)
    parking = project.subprojects.get(category="parking")
    step = progress.milestone_add(
        actor=city_official,
        project=project,
        data=progress.MilestoneInput(
            title="주차장 준공",
            title_en="Parking lots finished",
            planned_on=date(2024, 3, 31),
            subproject=parking,
        ),
    )
    progress.milestone_record_outcome(
        actor=city_official, milestone=step, outcome="done", actual_on=date(2024, 5, 10)
    )
    output = progress.output_add(
        actor=city_official, project=project, subproject=parking, indicator="주차면", unit="면", target=450
    )
    progress.output_update(actor=city_official, output=output, target=450, actual=300, as_of=None)
    return project


def get(client, path, **headers):
    response = client.get(path, **headers)
    return response.status_code, response.json()


def test_the_public_reads_the_budget_by_phase_and_the_milestones(client, namdong):
    status, body = get(client, f"{API}/{namdong.pk}")
    assert status == 200
    assert body["budget"] == {
        "approved": 45 * EOK,
        "budget_in_force": 49 * EOK,
        "contracted": 30 * EOK,
        "executed": 2_350_000_000,
    }
    assert body["execution_rate"] == 48.0
    assert body["contract_rate"] == 61.2
    assert body["variance"] == 2_550_000_000
    assert body["announced_budget"] == 306 * EOK and body["announced_difference"] == -26_100_000_000
    assert body["synthetic"] is True and "가상 자료" in body["synthetic_notice"]
    assert body["milestones"] == [
        {
            "id": namdong.milestones.get().pk,
            "title": "주차장 준공",
            "subproject_id": namdong.subprojects.get(category="parking").pk,
            "planned_on": "2024-03-31",
            "actual_on": "2024-05-10",
            "outcome": "done",
            "delay_days": 40,
        }
    ]
    assert body["outputs"][0] | {"id": 0, "subproject_id": 0} == {
        "id": 0,
        "subproject_id": 0,
        "indicator": "주차면",
        "unit": "면",
        "target": 450,
        "actual": 300,
        "achievement": 66.7,
        "as_of": None,
    }
    assert body["lines"] is None


def test_the_groupings_add_up_to_the_budget(client, namdong):
    _status, body = get(client, f"{API}/{namdong.pk}")
    for grouping in ("subprojects", "by_source", "by_year"):
        for phase in ("approved", "budget_in_force", "contracted", "executed"):
            assert sum(row["budget"][phase] for row in body[grouping]) == body["budget"][phase], (
                grouping,
                phase,
            )
        for row in body[grouping]:
            assert row["variance"] == row["budget"]["budget_in_force"] - row["budget"]["executed"]
    assert [(r["label"], r["execution_rate"]) for r in body["subprojects"]] == [
        ("공영주차장 조성", 42.9),
        ("문화·편의시설 조성", 51.8),
    ]
    assert [r["key"] for r in body["by_source"]] == ["national", "city", "kicox"]
    assert [r["key"] for r in body["by_year"]] == ["2023", "2024"]


@pytest.mark.parametrize("who", ["supplier_admin", "seeker", "expert"])
def test_lines_stay_hidden_from_everyone_but_the_staff(request, namdong, who):
    status, body = get(client_for(request.getfixturevalue(who)), f"{API}/{namdong.pk}")
    assert status == 200 and body["lines"] is None and body["budget"]["executed"] == 2_350_000_000


def test_the_staff_read_the_lines(city_official, namdong, token_for):
    for client, headers in ((client_for(city_official), {}), (Client(), token_for(city_official))):
        status, body = get(client, f"{API}/{namdong.pk}", headers=headers)
        assert status == 200 and len(body["lines"]) == 5
        for phase in ("approved", "budget_in_force", "contracted", "executed"):
            assert sum(line[phase] for line in body["lines"]) == body["budget"][phase]
        kicox = next(line for line in body["lines"] if line["source"] == "kicox")
        assert (kicox["approved"], kicox["revised"], kicox["budget_in_force"]) == (
            20 * EOK,
            25 * EOK,
            25 * EOK,
        )
        assert kicox["execution_rate"] == 48.0  # 12 / 25


def test_a_hidden_project_is_a_404_but_for_the_staff(client, supplier_admin, city_official, token_for):
    hidden = build_namdong(city_official, slug="hidden", public=False)
    assert client.get(f"{API}/{hidden.pk}").status_code == 404
    assert client_for(supplier_admin).get(f"{API}/{hidden.pk}").status_code == 404
    assert Client().get(f"{API}/{hidden.pk}", headers=token_for(supplier_admin)).status_code == 404
    assert client_for(city_official).get(f"{API}/{hidden.pk}").status_code == 200
    listed = [p["id"] for p in client.get(API).json()]
    assert hidden.pk not in listed
    assert hidden.pk in [p["id"] for p in client_for(city_official).get(API).json()]


def test_the_list_carries_each_projects_totals(client, namdong, city_official):
    seobu = build_seobu(city_official)
    status, body = get(client, API)
    assert status == 200
    rows = {row["id"]: row for row in body}
    assert rows[namdong.pk]["budget"]["budget_in_force"] == 49 * EOK
    assert rows[namdong.pk]["execution_rate"] == 48.0 and rows[namdong.pk]["synthetic"] is True
    assert rows[namdong.pk]["complex"] == "namdong"
    assert rows[seobu.pk]["budget"] is None and rows[seobu.pk]["kind"] == "designation"
    assert rows[seobu.pk]["synthetic_notice"] is None


def test_the_designation_bid_in_english(client, city_official):
    seobu = build_seobu(city_official)
    status, body = get(client, f"{API}/{seobu.pk}", headers={"Accept-Language": "en"})
    assert status == 200
    assert body["title"] == "Seobu complex free economic zone designation"
    assert "foreign investment" in body["summary"]
    assert [m["title"] for m in body["milestones"]] == ["Application", "Review by the ministry", "Decision"]
    assert body["milestones"][0]["delay_days"] == 4
    assert body["budget"] is None and body["subprojects"] is None and body["variance"] is None
    assert [d["title"] for d in body["documents"]] == ["경제자유구역 지정 신청서(요약)"]  # the public one
    _status, korean = get(client, f"{API}/{seobu.pk}")
    assert korean["title"] == "서부산단 경제자유구역 지정 추진"


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", str(2**63)])
def test_a_bad_id_is_refused(client, namdong, bad):
    response = client.get(f"{API}/{bad}")
    assert response.status_code in (404, 422)
    assert "detail" in response.json()


def test_an_unknown_id_is_a_404(client, namdong):
    status, body = get(client, f"{API}/{namdong.pk + 1000}")
    assert status == 404 and "detail" in body


def test_the_api_writes_nothing(client, city_official, namdong):
    """The projects' API is read-only: a write through it is refused and changes nothing."""
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client_for(city_official), method)(
            f"{API}/{namdong.pk}", data={"budget": {"executed": 1}}, content_type="application/json"
        )
        assert response.status_code == 405
    status, body = get(client, f"{API}/{namdong.pk}")
    assert status == 200 and body["budget"]["executed"] == 2_350_000_000
