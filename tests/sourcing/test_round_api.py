"""The sourcing round through the API (bearer tokens), with who may see and do what."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

pytestmark = pytest.mark.django_db

IN_A_MONTH = (timezone.localdate() + timedelta(days=30)).isoformat()


def call(client, method, url, headers, body=None):
    return getattr(client, method)(f"/api/v1{url}", body, content_type="application/json", headers=headers)


@pytest.fixture
def tokens(token_for, buyer, supplier_admin, other_admin):
    return {"buyer": token_for(buyer), "supplier": token_for(supplier_admin), "other": token_for(other_admin)}


def test_a_round_through_the_api(client, tokens, supplier, other_company):
    created = call(client, "post", "/sourcing/requests", tokens["buyer"], {
        "title": "로봇 관절 하우징", "description": "알루미늄 다이캐스팅 후 침탄 열처리",
        "quantity": 300, "deadline": IN_A_MONTH, "material": "ADC12",
    })  # fmt: skip
    assert created.status_code == 201, created.content
    request = created.json()
    assert [s["process"] for s in request["steps"]] == ["casting.die-casting", "heat-treatment.carburizing"]
    assert request["processes_confirmed"] is False and request["material"] == "aluminum"
    url = f"/sourcing/requests/{request['id']}"
    assert call(client, "post", f"{url}/open", tokens["buyer"]).status_code == 422  # not confirmed yet
    confirmed = call(client, "post", f"{url}/steps", tokens["buyer"],
                     {"processes": ["casting.die-casting", "heat-treatment.carburizing"]}).json()  # fmt: skip
    assert call(client, "post", f"{url}/open", tokens["buyer"]).json()["status"] == "open"
    matched = call(client, "get", f"{url}/match", tokens["buyer"]).json()
    assert matched["suppliers"]["casting.die-casting"][0]["company_id"] == supplier.pk
    casting, heat = (step["id"] for step in confirmed["steps"])
    for company, step in ((supplier, casting), (other_company, heat)):
        invited = call(
            client,
            "post",
            f"{url}/invitations",
            tokens["buyer"],
            {"supplier_id": company.pk, "steps": [step]},
        )
        assert invited.status_code == 201, invited.content
    assert [
        r["title"] for r in call(client, "get", "/sourcing/requests?role=supplier", tokens["supplier"]).json()
    ] == ["로봇 관절 하우징"]
    body = {"price_krw": 2_400_000, "lead_time_days": 21, "valid_until": IN_A_MONTH}
    quote = call(client, "post", f"{url}/quotes", tokens["supplier"], body)
    assert quote.status_code == 201, quote.content
    heat_invitation = Invitation.objects.get(supplier=other_company)
    declined = call(client, "post", f"/sourcing/invitations/{heat_invitation.pk}/decline", tokens["other"],
                    {"reason": "설비 정비 기간"})  # fmt: skip
    assert declined.json()["status"] == "declined"
    assert len(call(client, "get", f"{url}/quotes", tokens["buyer"]).json()) == 1
    awarded = call(client, "post", f"/sourcing/quotes/{quote.json()['id']}/award", tokens["buyer"])
    assert awarded.status_code == 200
    assert Invitation.objects.get(supplier=supplier).status == Invitation.Status.AWARDED


@pytest.fixture
def open_request(client, tokens, supplier, other_company):
    created = call(client, "post", "/sourcing/requests", tokens["buyer"], {
        "title": "브래킷", "quantity": 10, "deadline": IN_A_MONTH, "processes": ["casting.die-casting"],
    }).json()  # fmt: skip
    url = f"/sourcing/requests/{created['id']}"
    call(client, "post", f"{url}/open", tokens["buyer"])
    step = created["steps"][0]["id"]
    call(client, "post", f"{url}/invitations", tokens["buyer"], {"supplier_id": supplier.pk, "steps": [step]})
    return created["id"]


def snapshot():
    return (
        list(SourcingRequest.objects.values_list("status", "title")),
        list(Invitation.objects.values_list("status", "supplier_id")),
        list(Quote.objects.values_list("price_krw", flat=True)),
    )


def test_others_get_404_and_nothing_changes(client, tokens, open_request, other_company):
    url = f"/sourcing/requests/{open_request}"
    before = snapshot()
    other = tokens["other"]  # a heat treater: not the buyer, not invited to this invited-only request
    assert call(client, "get", url, other).status_code == 404
    assert call(client, "get", f"{url}/quotes", other).status_code == 404
    assert call(client, "post", f"{url}/cancel", other).status_code == 404
    assert (
        call(
            client, "post", f"{url}/invitations", other, {"supplier_id": other_company.pk, "steps": [1]}
        ).status_code
        == 404
    )
    body = {"price_krw": 1, "lead_time_days": 1, "valid_until": IN_A_MONTH}
    assert call(client, "post", f"{url}/quotes", other, body).status_code == 404
    assert snapshot() == before


def test_a_supplier_sees_its_own_quote_only_and_cannot_award_it(client, tokens, open_request, supplier):
    url = f"/sourcing/requests/{open_request}"
    body = {"price_krw": 900_000, "lead_time_days": 10, "valid_until": IN_A_MONTH}
    quote = call(client, "post", f"{url}/quotes", tokens["supplier"], body).json()
    assert [q["supplier_id"] for q in call(client, "get", f"{url}/quotes", tokens["supplier"]).json()] == [
        supplier.pk
    ]
    assert call(client, "get", f"{url}/match", tokens["supplier"]).status_code == 404
    before = snapshot()
    assert (
        call(client, "post", f"/sourcing/quotes/{quote['id']}/award", tokens["supplier"]).status_code == 404
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"price_krw": 0}, "price_krw"),
        ({"lead_time_days": 0}, "lead_time_days"),
        ({"valid_until": "2020-01-01"}, "valid_until"),
    ],
)
def test_bad_quotes_get_a_422_and_store_nothing(client, tokens, open_request, body, field):
    values = {"price_krw": 1, "lead_time_days": 1, "valid_until": IN_A_MONTH, **body}
    response = call(client, "post", f"/sourcing/requests/{open_request}/quotes", tokens["supplier"], values)
    assert response.status_code == 422 and field in str(response.json()["detail"])
    assert not Quote.objects.exists()


def test_anonymous_callers_cannot_use_the_round(client, open_request):
    assert client.get("/api/v1/sourcing/requests").status_code == 401
    assert client.get(f"/api/v1/sourcing/requests/{open_request}").status_code == 401
