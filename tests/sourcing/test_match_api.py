"""POST /api/v1/sourcing/match: anonymous, validated, rate-limited."""

import pytest

from ppuri.api.v1 import api
from ppuri.reference.models import Material, Process
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/sourcing/match"


@pytest.fixture
def suppliers():
    for name, slug, material in [
        ("대흥주조", "casting.gravity", "aluminum"),
        ("동진열처리", "heat-treatment.solution-aging", "aluminum"),
        ("진성표면처리", "surface-treatment.anodizing", "aluminum"),
    ]:
        organization = OrganizationFactory(name=name)
        SiteFactory(organization=organization)
        capability = CapabilityFactory(organization=organization, process=Process.objects.get(slug=slug))
        capability.materials.set([Material.objects.get(slug=material)])


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_anonymous_callers_get_suppliers_per_step_and_chains(client, suppliers):
    body = {
        "title": "협동로봇 암 하우징",
        "material": "A356",
        "processes": ["casting.gravity", "heat-treatment.solution-aging", "surface-treatment.anodizing"],
        "quantity": 500,
    }
    response = post(client, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["processes"] == body["processes"] and data["inferred"] == {}
    assert [s["name"] for s in data["suppliers"]["casting.gravity"]] == ["대흥주조"]
    assert set(data["suppliers"]["casting.gravity"][0]) >= {"company_id", "name", "score", "reasons"}
    chain = data["chains"][0]
    assert [step["name"] for step in chain["steps"]] == ["대흥주조", "동진열처리", "진성표면처리"]
    assert chain["total_distance_km"] >= 0 and "score" in chain


def test_processes_left_out_are_inferred_from_the_description(client, suppliers):
    data = post(
        client, {"description": "A356 중력주조 후 T6 용체화 시효 처리, 양극산화", "quantity": 10}
    ).json()
    assert data["processes"][0] == "casting.gravity" and "surface-treatment.anodizing" in data["processes"]
    assert data["inferred"]["casting.gravity"]


@pytest.mark.parametrize(
    ("body", "field", "named"),
    [
        ({"processes": ["casting.unknown"]}, "processes", "casting.unknown"),
        ({"processes": ["casting.gravity"], "material": "unobtainium"}, "material", "unobtainium"),
        ({"processes": ["casting.gravity"], "certifications": ["iso-0000"]}, "certifications", "iso-0000"),
        ({"processes": ["casting.gravity"], "complexes": ["gangnam"]}, "complexes", "gangnam"),
        ({"processes": ["casting.gravity"], "sector": "space-elevators"}, "sector", "space-elevators"),
    ],
)
def test_unknown_names_get_a_422_naming_them(client, body, field, named):
    response = post(client, {"quantity": 1, **body})
    assert response.status_code == 422
    assert named in str(response.json()["detail"][field])


@pytest.mark.parametrize(
    "body", [{"quantity": 0}, {"quantity": -3}, [], {"quantity": "many"}, {"title": "a\x00"}]
)
def test_bad_bodies_get_a_422(client, body):
    response = post(client, body)
    assert response.status_code == 422 and "detail" in response.json()


def test_the_public_api_is_rate_limited(client, suppliers, monkeypatch):
    anonymous = api.throttle[0]
    monkeypatch.setattr(anonymous, "num_requests", 3)
    codes = [client.get("/api/v1/technologies").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert post(client, {"processes": ["casting.gravity"]}).status_code == 429
