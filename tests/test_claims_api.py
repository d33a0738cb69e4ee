"""The claims API: POST /api/v1/claims and the decisions, with the contract's statuses."""

import pytest

from ppuri.accounts.models import Role
from ppuri.registry.models import Claim, Membership
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = "220-81-62517"


@pytest.fixture
def imported(db):
    return OrganizationFactory(name="한빛주물(주)", website="hanbit-casting.co.kr")


@pytest.fixture
def claimant(db):
    return UserFactory(username="api-claimant", role=Role.COMPANY, email="kim@hanbit-casting.co.kr")


def _post(client, path, body, headers):
    return client.post(path, body, content_type="application/json", headers=headers)


def _create(client, headers, company, **values):
    body = {"organization": company.pk, "business_number": VALID, "message": "대표입니다."} | values
    return _post(client, "/api/v1/claims", body, headers)


def test_a_company_user_claims_through_the_api(client, token_for, imported, claimant):
    response = _create(client, token_for(claimant), imported, work_email="kim@hanbit-casting.co.kr")
    assert response.status_code == 201, response.json()
    body = response.json()
    claim = Claim.objects.get()
    assert body["id"] == claim.pk and body["status"] == "pending"
    assert body["business_number"] == "220-81-62517" and body["organization"] == imported.pk
    assert "signals" not in body or body["signals"] is None  # operators only


def test_a_wrong_check_digit_is_a_422_naming_the_field(client, token_for, imported, claimant):
    response = _create(client, token_for(claimant), imported, business_number="220-81-62518")
    assert response.status_code == 422
    assert list(response.json()["detail"]) == ["business_number"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"business_number": "1234"}, "business_number"),
        ({"work_email": "nope"}, "work_email"),
        ({"organization": 999_999}, "organization"),
        ({"organization": 2**63}, "organization"),
        ({"message": "가" * 2001}, "message"),
        ({"business_number": None}, "business_number"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, token_for, imported, claimant, body, field):
    response = _create(client, token_for(claimant), imported, **body)
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert not Claim.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(client, token_for, claimant):
    response = _post(client, "/api/v1/claims", [1, 2], token_for(claimant))
    assert response.status_code == 422
    response = client.post(
        "/api/v1/claims", "{not json", content_type="application/json", headers=token_for(claimant)
    )
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.SEEKER, Role.CITY, Role.EXPERT, Role.OPERATOR])
def test_other_roles_get_a_403(client, token_for, imported, role):
    user = UserFactory(username=f"api-{role}", role=role)
    response = _create(client, token_for(user), imported)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Claim.objects.exists()


def test_anonymous_callers_get_a_401(client, imported):
    assert _create(client, {}, imported).status_code == 401
    assert client.get("/api/v1/claims").status_code == 401


def test_lists_decisions_and_withdrawal(client, token_for, imported, claimant, operator):
    mine = _create(client, token_for(claimant), imported, work_email="kim@hanbit-casting.co.kr").json()["id"]
    rival = UserFactory(username="api-rival", role=Role.COMPANY, email="x@example.com")
    theirs = _create(client, token_for(rival), imported, business_number="1208147521").json()["id"]

    own = client.get("/api/v1/claims", headers=token_for(claimant)).json()
    assert [row["id"] for row in own["results"]] == [mine] and own["count"] == 1
    assert client.get(f"/api/v1/claims/{theirs}", headers=token_for(claimant)).status_code == 404

    every = client.get("/api/v1/claims", {"status": "pending"}, headers=token_for(operator)).json()
    assert {row["id"] for row in every["results"]} == {mine, theirs}
    row = next(r for r in every["results"] if r["id"] == mine)
    assert row["competing"] == [theirs] and row["signals"]["matches_website"] is True

    # The claimant may not decide; refusing needs a reason.
    assert _post(client, f"/api/v1/claims/{mine}/approve", {}, token_for(claimant)).status_code == 403
    refused = _post(client, f"/api/v1/claims/{theirs}/refuse", {"reason": ""}, token_for(operator))
    assert refused.status_code == 422 and "reason" in refused.json()["detail"]
    assert _post(client, f"/api/v1/claims/{theirs}/refuse", {}, token_for(operator)).status_code == 422
    refused = _post(client, f"/api/v1/claims/{theirs}/refuse", {"reason": "증빙 부족"}, token_for(operator))
    assert refused.status_code == 200 and refused.json()["refusal_reason"] == "증빙 부족"

    # The rival cannot withdraw someone else's claim; the claimant can, once.
    assert _post(client, f"/api/v1/claims/{mine}/withdraw", {}, token_for(rival)).status_code == 404
    assert (
        _post(client, f"/api/v1/claims/{mine}/withdraw", {}, token_for(claimant)).json()["status"]
        == "withdrawn"
    )
    again = _post(client, f"/api/v1/claims/{mine}/withdraw", {}, token_for(claimant))
    assert again.status_code == 422 and "status" in again.json()["detail"]


def test_approval_through_the_api_makes_the_membership(client, token_for, imported, claimant, operator):
    claim = _create(client, token_for(claimant), imported).json()["id"]
    response = _post(client, f"/api/v1/claims/{claim}/approve", {}, token_for(operator))
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert Membership.objects.filter(organization=imported, user=claimant, role="admin").exists()
    assert client.get(f"/api/v1/companies/{imported.pk}").json()["claimed"] is True
    assert _post(client, f"/api/v1/claims/{claim}/approve", {}, token_for(operator)).status_code == 422


def test_the_session_works_with_its_csrf_token(imported, claimant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(claimant)
    body = {"organization": imported.pk, "business_number": VALID}
    assert client.post("/api/v1/claims", body, content_type="application/json").status_code == 403
    assert not Claim.objects.exists()


def test_the_openapi_document_lists_the_claims_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    claim = "/api/v1/claims/{claim_id}"
    assert {"/api/v1/claims", claim, f"{claim}/approve", f"{claim}/refuse", f"{claim}/withdraw"} <= set(paths)
    assert "422" in paths["/api/v1/claims"]["post"]["responses"]
    assert "403" in paths["/api/v1/claims"]["post"]["responses"]


def test_the_check_digit_refusal_reads_in_english_with_accept_language_en(
    client, token_for, imported, claimant
):
    headers = {**token_for(claimant), "Accept-Language": "en"}
    response = _create(client, headers, imported, business_number="2208162518")
    assert response.status_code == 422
    assert response.json() == {
        "detail": {
            "business_number": [
                "The check digit (the last digit) of the business registration number does not match. "
                "Please check the number."
            ]
        }
    }
