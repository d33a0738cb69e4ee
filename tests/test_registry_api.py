"""The registry API: filters, pagination, detail and JSON errors with the right status (never a 500)."""

import pytest

from ppuri.reference.models import Complex, Process
from tests.conftest import add_companies, count_queries
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory


@pytest.fixture
def three_companies(supplier, other_company):
    welder = OrganizationFactory(name="한일용접", products="TIG 용접")
    SiteFactory(organization=welder, complex=Complex.objects.get(slug="juan"))
    CapabilityFactory(organization=welder, process=Process.objects.get(slug="welding.tig"))
    return supplier, other_company, welder


@pytest.mark.django_db
def test_list_filters_by_facets_and_counts(client, three_companies):
    body = client.get("/api/v1/companies", {"technology": "casting"}).json()
    assert body["count"] == 1 and body["results"][0]["name"] == "세광주조(주)"
    assert body["results"][0]["complexes"] == ["namdong"]
    body = client.get("/api/v1/companies", {"complex": ["namdong", "juan"], "technology": "welding"}).json()
    assert [r["name"] for r in body["results"]] == ["한일용접"]
    body = client.get("/api/v1/companies").json()
    assert body["count"] == 3
    complex_counts = {f["slug"]: f["count"] for f in body["facets"]["complex"]}
    assert complex_counts == {"namdong": 2, "juan": 1}
    assert sum(complex_counts.values()) == body["count"]


@pytest.mark.django_db
def test_list_is_paginated(client, three_companies):
    first = client.get("/api/v1/companies", {"page_size": 2}).json()
    second = client.get("/api/v1/companies", {"page_size": 2, "page": 2}).json()
    assert first["count"] == second["count"] == 3
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    names = [r["name"] for r in first["results"] + second["results"]]
    assert len(set(names)) == 3


@pytest.mark.django_db
def test_name_filter_ignores_legal_form_and_spacing(client, three_companies):
    for q in ["세광", "세광 주조", "㈜세광주조", "주식회사 세광주조"]:
        body = client.get("/api/v1/companies", {"q": q}).json()
        assert [r["name"] for r in body["results"]] == ["세광주조(주)"], q


@pytest.mark.django_db
def test_detail_shows_sites_capabilities_and_sources(client, supplier):
    body = client.get(f"/api/v1/companies/{supplier.pk}").json()
    assert body["name"] == "세광주조(주)"
    assert body["sites"][0]["complex"] == "namdong"
    assert body["capabilities"][0]["process"] == "casting.die-casting"
    assert body["capabilities"][0]["materials"] == ["aluminum"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/companies/999999", 404),
        ("/api/v1/companies/abc", 422),
        ("/api/v1/companies?page=0", 422),
        ("/api/v1/companies?page_size=-5", 422),
        ("/api/v1/companies?page=99999", 200),
    ],
)
def test_read_errors_are_json_with_the_right_status(client, supplier, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    if status != 200:
        assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"process": "casting.no-such-process"}, "process"),
        ({"process": "welding.tig", "materials": ["unobtainium"]}, "materials"),
        ({"process": "welding.tig", "max_weight_kg": "-1"}, None),
        ({"process": "welding.tig", "batch_band": "gigantic"}, "batch_band"),
        ({"materials": ["aluminum"]}, None),
        ({"process": "casting.die-casting"}, "process"),  # already registered
    ],
)
def test_bad_capability_input_is_422_and_writes_nothing(
    client, supplier, supplier_admin, token_for, payload, field
):
    before = list(supplier.capabilities.values_list("process__slug", flat=True))
    response = client.post(
        f"/api/v1/companies/{supplier.pk}/capabilities",
        payload,
        content_type="application/json",
        headers=token_for(supplier_admin),
    )
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    if field:
        assert field in detail
    assert list(supplier.capabilities.values_list("process__slug", flat=True)) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"name": ""},
        {"ksic_main": "2432"},
        {"employees": -3},
        {"website": "not a url"},
        {"sectors": ["nowhere"]},
    ],
)
def test_bad_profile_input_is_422_and_writes_nothing(client, supplier, supplier_admin, token_for, payload):
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        payload,
        content_type="application/json",
        headers=token_for(supplier_admin),
    )
    assert response.status_code == 422, response.content
    supplier.refresh_from_db()
    assert supplier.name == "세광주조(주)" and supplier.ksic_main == "" and supplier.employees is None


@pytest.mark.django_db
def test_malformed_json_is_a_400_not_a_500(client, supplier, supplier_admin, token_for):
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        "{not json",
        content_type="application/json",
        headers=token_for(supplier_admin),
    )
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    body = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/companies" in body["paths"] and "/api/v1/technologies" in body["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(client, three_companies):
    before = count_queries(client, "/api/v1/companies", page_size=50)
    add_companies(10)
    assert count_queries(client, "/api/v1/companies", page_size=50) == before
    assert client.get("/api/v1/companies", {"page_size": 50}).json()["count"] == 13


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/no-such-thing", 404),
        ("put", "/api/v1/companies/1", 405),
        ("get", "/api/v1/companies?page=100000000000000000000", 422),
        ("get", "/api/v1/companies?q=" + "가" * 101, 422),
        ("get", "/api/v1/companies?q=a%00b", 422),
    ],
)
def test_api_errors_outside_the_routes_are_json_too(client, supplier, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"description": None},
        {"products": None},
        {"name": None},
        {"description": "NUL \x00 inside"},
        [{"products": "a list, not an object"}],
    ],
)
def test_api_profile_rejects_nulls_nul_characters_and_non_objects(
    client, supplier, supplier_admin, token_for, payload
):
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        payload,
        content_type="application/json",
        headers=token_for(supplier_admin),
    )
    assert response.status_code == 422, response.content
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 다이캐스팅 자동차 부품" and supplier.description == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"equipment": None},
        {"batch_band": None},
        {"notes": "x\x00"},
        {"max_length_mm": 10**15},
        {"materials": ["nope"]},
    ],
)
def test_api_capability_patch_rejects_bad_input(client, supplier, supplier_admin, token_for, payload):
    capability = supplier.capabilities.get()
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}/capabilities/{capability.pk}",
        payload,
        content_type="application/json",
        headers=token_for(supplier_admin),
    )
    assert response.status_code == 422, response.content
    capability.refresh_from_db()
    assert capability.equipment == "" and capability.max_length_mm is None
    assert list(capability.materials.values_list("slug", flat=True)) == ["aluminum"]


@pytest.mark.django_db
def test_api_capability_patch_by_another_company_is_refused(client, supplier, other_admin, token_for):
    capability = supplier.capabilities.get()
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}/capabilities/{capability.pk}",
        {"equipment": "빼앗김"},
        content_type="application/json",
        headers=token_for(other_admin),
    )
    assert response.status_code == 403
    capability.refresh_from_db()
    assert capability.equipment == ""


@pytest.mark.django_db
def test_api_anonymous_post_and_delete_are_401(client, supplier):
    capability = supplier.capabilities.get()
    added = client.post(
        f"/api/v1/companies/{supplier.pk}/capabilities",
        {"process": "welding.tig"},
        content_type="application/json",
    )
    deleted = client.delete(f"/api/v1/companies/{supplier.pk}/capabilities/{capability.pk}")
    assert added.status_code == 401 and deleted.status_code == 401
    assert list(supplier.capabilities.values_list("process__slug", flat=True)) == ["casting.die-casting"]
