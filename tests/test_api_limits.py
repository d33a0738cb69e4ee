"""The API's limits: ids past the database's 64-bit integers, numbers past their columns and bodies past
the upload limit are refused with a JSON 422 or 413, never a 500, and nothing is written."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ppuri.challenges import services as challenge_services
from ppuri.challenges.models import Challenge, ChallengeAttachment, Offer
from ppuri.core.models import ActivityLog
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.sourcing import services as sourcing_services
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

pytestmark = pytest.mark.django_db

BIGINT_MAX = 2**63 - 1
PAST_THE_RANGE = [2**63, 2**64]
MB = 1024 * 1024


@pytest.fixture
def api():
    # A 500 comes back as a response to look at, as a caller would see it.
    return Client(raise_request_exception=False)


@pytest.fixture
def challenge(operator, supplier_admin, supplier):
    posted = challenge_services.challenge_create(
        actor=supplier_admin,
        company=supplier,
        title="SCM440 샤프트 담금질 균열",
        description="담금질 후 균열",
    )
    return challenge_services.challenge_triage(
        actor=operator,
        challenge=posted,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )


@pytest.fixture
def sourcing_request(buyer):
    return sourcing_services.request_create(
        actor=buyer,
        buyer=buyer.memberships.first().organization,
        processes=[Process.objects.get(slug="casting.die-casting")],
        title="로봇 관절 하우징",
        description="알루미늄 다이캐스팅",
        quantity=300,
        deadline=timezone.localdate() + timedelta(days=30),
    )


def snapshot():
    return (
        list(Challenge.objects.values()),
        list(Offer.objects.values()),
        list(SourcingRequest.objects.values()),
        list(Invitation.objects.values()),
        list(Quote.objects.values()),
        ChallengeAttachment.objects.count(),
        ActivityLog.objects.count(),
    )


def post_json(api, url, body, headers):
    return api.post(url, json.dumps(body), content_type="application/json", headers=headers)


def assert_refused(response, status, field=None):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    if field is not None:
        assert any(field in error["loc"] for error in detail), detail


@pytest.mark.parametrize("big", PAST_THE_RANGE)
def test_an_id_past_the_range_in_a_batch_is_a_422(api, token_for, operator, challenge, experts, big):
    headers = token_for(operator)
    before = snapshot()
    response = post_json(
        api, "/api/v1/challenges/batch-offers", {"challenge_ids": [challenge.pk, big]}, headers
    )
    assert_refused(response, 422, "challenge_ids")
    assert snapshot() == before


@pytest.mark.parametrize("big", PAST_THE_RANGE)
def test_an_expert_id_past_the_range_in_offers_is_a_422(api, token_for, operator, challenge, experts, big):
    headers = token_for(operator)
    before = snapshot()
    response = post_json(
        api, f"/api/v1/challenges/{challenge.pk}/offers", {"expert_ids": [experts["heat"].pk, big]}, headers
    )
    assert_refused(response, 422, "expert_ids")
    assert snapshot() == before


@pytest.mark.parametrize("big", PAST_THE_RANGE)
@pytest.mark.parametrize("field", ["steps", "supplier_id"])
def test_an_id_past_the_range_in_an_invitation_is_a_422(
    api, token_for, buyer, supplier, sourcing_request, big, field
):
    headers = token_for(buyer)
    before = snapshot()
    body = {"supplier_id": supplier.pk, "steps": [sourcing_request.steps.get().pk]}
    body[field] = [body["steps"][0], big] if field == "steps" else big
    response = post_json(api, f"/api/v1/sourcing/requests/{sourcing_request.pk}/invitations", body, headers)
    assert_refused(response, 422, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/challenges/{big}"),
        ("get", "/api/v1/companies/{big}"),
        ("get", "/api/v1/articles/{big}"),
        ("get", "/api/v1/sourcing/requests/{big}"),
        ("post", "/api/v1/offers/{big}/accept"),
        ("post", "/api/v1/sourcing/quotes/{big}/award"),
        ("delete", "/api/v1/companies/1/capabilities/{big}"),
    ],
)
@pytest.mark.parametrize("big", PAST_THE_RANGE)
def test_an_id_past_the_range_in_a_path_is_a_422(api, token_for, operator, method, url, big):
    headers = token_for(operator)
    before = snapshot()
    response = getattr(api, method)(url.format(big=big), headers=headers)
    assert_refused(response, 422)
    assert snapshot() == before


def test_the_largest_id_is_merely_unknown(api, token_for, operator, challenge):
    headers = token_for(operator)
    assert_refused(api.get(f"/api/v1/challenges/{BIGINT_MAX}", headers=headers), 404)
    response = post_json(api, "/api/v1/challenges/batch-offers", {"challenge_ids": [BIGINT_MAX]}, headers)
    assert response.status_code == 422
    assert "challenge_ids" in response.json()["detail"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("price_krw", 2**63), ("price_krw", 2**64), ("lead_time_days", 2**63)],
)
def test_a_number_past_its_column_is_a_422(api, token_for, supplier_admin, sourcing_request, field, value):
    headers = token_for(supplier_admin)
    before = snapshot()
    body = {"price_krw": 1_000_000, "lead_time_days": 10, "valid_until": "2099-01-01", field: value}
    response = post_json(api, f"/api/v1/sourcing/requests/{sourcing_request.pk}/quotes", body, headers)
    assert_refused(response, 422, field)
    assert snapshot() == before


@pytest.mark.parametrize("field", ["length_mm", "width_mm", "height_mm", "weight_kg"])
def test_a_part_size_past_its_column_is_a_422(api, token_for, buyer, field):
    headers = token_for(buyer)
    before = snapshot()
    body = {"title": "하우징", "quantity": 10, "deadline": "2099-01-01", field: 2**63}
    assert_refused(post_json(api, "/api/v1/sourcing/requests", body, headers), 422, field)
    assert_refused(post_json(api, "/api/v1/sourcing/match", body, {}), 422, field)
    assert snapshot() == before


def test_a_json_body_over_the_limit_is_a_413(api, token_for, supplier_admin, supplier):
    headers = token_for(supplier_admin)
    before = snapshot()
    body = {"company_id": supplier.pk, "title": "큰 본문", "description": "가" * (11 * MB // 3)}
    response = post_json(api, "/api/v1/challenges", body, headers)
    assert_refused(response, 413)
    assert response.json() == {"detail": "요청 본문이 너무 큽니다."}
    assert snapshot() == before


def test_a_multipart_field_over_the_limit_beside_a_file_is_a_413(api, token_for, supplier_admin, challenge):
    """Within what a multipart request may carry, but its form fields alone are over the data limit:
    Django refuses them while ninja reads the body."""
    headers = token_for(supplier_admin)
    before = snapshot()
    response = api.post(
        f"/api/v1/challenges/{challenge.pk}/attachments",
        {"file": SimpleUploadedFile("도면.pdf", b"%PDF-1.7 x"), "note": "x" * (11 * MB)},
        headers=headers,
    )
    assert_refused(response, 413)
    assert snapshot() == before


def test_a_multipart_upload_over_the_limit_is_a_413(api, token_for, supplier_admin, challenge):
    headers = token_for(supplier_admin)
    before = snapshot()
    response = api.post(
        f"/api/v1/challenges/{challenge.pk}/attachments",
        {"file": SimpleUploadedFile("도면.pdf", b"%PDF-1.7 " + b"x" * (31 * MB))},
        headers=headers,
    )
    assert_refused(response, 413)
    assert snapshot() == before


def test_a_body_within_the_limit_still_goes_through(api, token_for, supplier_admin, supplier):
    body = {"company_id": supplier.pk, "title": "긴 설명", "description": "가" * 5_000}
    response = post_json(api, "/api/v1/challenges", body, token_for(supplier_admin))
    assert response.status_code == 201, response.content[:500]


def test_a_query_string_of_too_many_fields_is_a_400(api):
    response = api.get("/api/v1/companies?" + "&".join(f"complex=c{i}" for i in range(1_001)))
    assert_refused(response, 400)


def test_a_write_without_credentials_is_a_401_not_a_csrf_403(api, supplier):
    before = snapshot()
    response = post_json(api, "/api/v1/challenges", {"company_id": supplier.pk, "title": "t"}, {})
    assert_refused(response, 401)
    response = post_json(
        api, "/api/v1/challenges", {"company_id": supplier.pk}, {"Authorization": "Bearer not-a-key"}
    )
    assert_refused(response, 401)
    assert snapshot() == before
