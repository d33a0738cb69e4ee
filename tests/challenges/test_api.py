"""The limit-technology desk through the API (bearer tokens): the whole case, who sees what, and
refused writes that change nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ppuri.challenges import services
from ppuri.challenges.models import Challenge, Consultation, Expert, Offer, TriageCorrection
from ppuri.core.models import ActivityLog
from ppuri.reference.models import Defect, Material, Process, Technology
from tests.conftest import client_for, count_queries

pytestmark = pytest.mark.django_db

QUENCH = "SCM440 샤프트 담금질 후 균열이 생깁니다. 고주파가 아니라 유냉입니다."
TODAY = timezone.localdate().isoformat()


def call(client, method, url, headers=None, body=None):
    return getattr(client, method)(
        f"/api/v1{url}", body, content_type="application/json", headers=headers or {}
    )


def snapshot():
    return (
        list(Challenge.objects.values()),
        list(Offer.objects.values()),
        list(Consultation.objects.values()),
        TriageCorrection.objects.count(),
        ActivityLog.objects.count(),
    )


def posted(actor, company, **fields):
    values = {"title": "SCM440 샤프트 담금질 균열", "description": QUENCH}
    values.update(fields)
    return services.challenge_create(actor=actor, company=company, **values)


def triaged(operator, challenge):
    return services.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )


def an_expert(name, institution, *, technology, conflict=None):
    expert = Expert.objects.create(name=name, organization=institution, keywords=["주조"])
    expert.technologies.set(Technology.objects.filter(slug=technology))
    if conflict is not None:
        expert.conflicts.add(conflict)
    return expert


def in_progress(operator, supplier_admin, supplier, expert):
    challenge = triaged(operator, posted(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[expert])
    services.offer_accept(actor=expert.user, offer=offer)
    challenge.refresh_from_db()
    return challenge, offer


@pytest.fixture
def tokens(token_for, supplier_admin, other_admin, operator, experts):
    return {
        "company": token_for(supplier_admin),
        "other": token_for(other_admin),
        "operator": token_for(operator),
        "heat": token_for(experts["heat"].user),
        "plating": token_for(experts["plating"].user),
    }


def test_the_whole_case_through_the_api(client, tokens, supplier, experts):
    created = call(client, "post", "/challenges", tokens["company"], {
        "company_id": supplier.pk, "title": "SCM440 샤프트 담금질 균열", "description": QUENCH,
        "urgency": "high", "technology": "heat-treatment",
    })  # fmt: skip
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["status"] == "submitted" and case["confidentiality"] == "confidential"
    assert case["technology"] == "heat-treatment" and case["urgency"] == "high"
    assert case["suggestion"] is None and case["offers"] == [] and case["consultations"] == []
    url = f"/challenges/{case['id']}"
    seen = call(client, "get", url, tokens["operator"]).json()
    assert seen["suggestion"]["defect"]["slug"] == "heat-treatment.quench-crack"

    triage = call(client, "post", f"{url}/triage", tokens["operator"], {
        "technology": "heat-treatment", "process": "heat-treatment.quench-temper",
        "material": "alloy-steel", "defect": "heat-treatment.quench-crack",
    })  # fmt: skip
    assert triage.status_code == 200 and triage.json()["status"] == "triaged"
    assert triage.json()["defect"] == "heat-treatment.quench-crack"

    ranked = call(client, "get", f"{url}/experts", tokens["operator"]).json()
    assert ranked[0]["expert_id"] == experts["heat"].pk and ranked[0]["score"] > 0
    assert any("담금질 균열" in reason for reason in ranked[0]["reasons"])

    offered = call(client, "post", f"{url}/offers", tokens["operator"], {"expert_ids": [experts["heat"].pk]})
    assert offered.status_code == 201, offered.content
    (offer,) = offered.json()
    assert offer["status"] == "offered" and offer["reasons"]
    inbox = call(client, "get", "/offers", tokens["heat"]).json()
    assert [o["id"] for o in inbox["results"]] == [offer["id"]] and inbox["results"][0]["reasons"]
    # The company sees who was offered, not the fit (it carries the expert's load and capacity).
    company_view = call(client, "get", url, tokens["company"]).json()
    assert company_view["offers"][0]["expert"] == "김담금" and company_view["offers"][0]["reasons"] is None

    accepted = call(client, "post", f"/offers/{offer['id']}/accept", tokens["heat"])
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert call(client, "get", url, tokens["heat"]).json()["status"] == "in_progress"

    consulted = call(client, "post", f"{url}/consultations", tokens["heat"], {
        "held_on": TODAY, "mode": "visit", "hours": "3.0", "notes": "유냉 온도와 템퍼링 지연 확인",
    })  # fmt: skip
    assert consulted.status_code == 201, consulted.content
    assert consulted.json()["expert"] == "김담금" and consulted.json()["hours"] == "3.0"

    resolved = call(client, "post", f"{url}/resolve", tokens["heat"], {
        "outcome": "solved", "resolution": "담금질 직후 템퍼링, 유온 60℃ 관리",
        "effect_metric": "defect_rate", "effect_before": "4.2", "effect_after": "0.6",
    })  # fmt: skip
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"

    rated = call(client, "post", f"{url}/rate", tokens["company"], {"rating": 5, "publish_consent": True})
    assert rated.status_code == 200, rated.content
    final = rated.json()
    assert final["status"] == "closed" and final["rating"] == 5 and final["publish_consent"] is True
    assert [c["notes"] for c in final["consultations"]] == ["유냉 온도와 템퍼링 지연 확인"]
    challenge = Challenge.objects.get(pk=case["id"])
    assert challenge.status == Challenge.Status.CLOSED and challenge.first_contact_at is not None
    assert Offer.objects.get(pk=offer["id"]).status == Offer.Status.COMPLETED


def test_anonymous_callers_see_public_challenges_only(client, supplier_admin, supplier):
    public = posted(
        supplier_admin, supplier, title="공개 과제", confidentiality=Challenge.Confidentiality.PUBLIC
    )
    secret = posted(supplier_admin, supplier, title="비공개 과제")
    listed = call(client, "get", "/challenges")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()["results"]] == [public.pk] and listed.json()["count"] == 1
    shown = call(client, "get", f"/challenges/{public.pk}").json()
    assert shown["title"] == "공개 과제"
    # The parties' part of a public case stays with them.
    assert shown["offers"] is None and shown["consultations"] is None and shown["attachments"] is None
    assert shown["suggestion"] is None and shown["rating"] is None
    assert call(client, "get", f"/challenges/{secret.pk}").status_code == 404
    assert call(client, "get", "/challenges/999999").status_code == 404
    # Writes need a signed-in caller.
    assert call(client, "post", f"/challenges/{public.pk}/withdraw").status_code == 401
    assert call(client, "get", "/experts").status_code == 401


def test_list_filters_by_status_and_technology(client, tokens, operator, supplier_admin, supplier):
    done = triaged(operator, posted(supplier_admin, supplier, title="분류됨"))
    posted(supplier_admin, supplier, title="접수만")
    found = call(client, "get", "/challenges?status=triaged", tokens["company"]).json()
    assert [c["id"] for c in found["results"]] == [done.pk]
    by_technology = call(client, "get", "/challenges?technology=heat-treatment", tokens["company"]).json()
    assert [c["id"] for c in by_technology["results"]] == [done.pk]
    unknown = call(client, "get", "/challenges?technology=no-such", tokens["company"])
    assert unknown.status_code == 422 and "technology" in unknown.json()["detail"]
    assert call(client, "get", "/challenges?status=lost", tokens["company"]).status_code == 422


def test_a_confidential_challenge_is_404_to_another_company_and_an_unassigned_expert(
    client, tokens, operator, supplier_admin, supplier, experts
):
    challenge = triaged(operator, posted(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    url = f"/challenges/{challenge.pk}"
    before = snapshot()
    for who in ("other", "plating"):
        assert call(client, "get", url, tokens[who]).status_code == 404
        assert call(client, "get", f"{url}/experts", tokens[who]).status_code == 404
        assert call(client, "post", f"{url}/withdraw", tokens[who]).status_code == 404
        assert call(client, "post", f"{url}/rate", tokens[who], {"rating": 1}).status_code == 404
        triage = call(client, "post", f"{url}/triage", tokens[who], {"technology": "casting"})
        assert triage.status_code == 404
        assert call(client, "post", f"/offers/{offer.pk}/accept", tokens[who]).status_code == 404
        decline = call(client, "post", f"/offers/{offer.pk}/decline", tokens[who], {"reason": "x"})
        assert decline.status_code == 404
        assert challenge.pk not in [
            c["id"] for c in call(client, "get", "/challenges", tokens[who]).json()["results"]
        ]
    assert snapshot() == before
    # Offered, the expert sees the case; after declining, no longer.
    assert call(client, "get", url, tokens["heat"]).status_code == 200
    call(client, "post", f"/offers/{offer.pk}/decline", tokens["heat"], {"reason": "출장 중입니다"})
    assert call(client, "get", url, tokens["heat"]).status_code == 404


def test_those_who_see_but_may_not_act_get_403_and_nothing_changes(
    client, tokens, operator, supplier_admin, supplier, experts
):
    challenge = triaged(operator, posted(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    url = f"/challenges/{challenge.pk}"
    company = tokens["company"]
    consultation = {"held_on": TODAY, "mode": "remote", "hours": "1", "notes": "x"}
    elsewhere = {"company_id": supplier.pk, "title": "t", "description": "d"}
    before = snapshot()
    refused = [
        call(client, "post", f"{url}/triage", company, {"technology": "heat-treatment"}),
        call(client, "get", f"{url}/experts", company),
        call(client, "post", f"{url}/offers", company, {"expert_ids": [experts["plating"].pk]}),
        call(client, "post", "/challenges/batch-offers", company, {"challenge_ids": [challenge.pk]}),
        call(client, "get", "/challenges/overdue", company),
        call(client, "post", f"/offers/{offer.pk}/accept", company),  # the company is no expert
        call(client, "post", f"/offers/{offer.pk}/accept", tokens["operator"]),  # nor the operator
        call(client, "post", f"{url}/rate", tokens["heat"], {"rating": 5}),  # the company rates
        call(client, "post", f"{url}/withdraw", tokens["heat"]),
        call(client, "post", f"{url}/consultations", company, consultation),
        call(client, "post", f"{url}/resolve", company, {"outcome": "solved", "resolution": "x"}),
        # Another company's admin may not post for this company.
        call(client, "post", "/challenges", tokens["other"], elsewhere),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused), [r.content for r in refused]
    assert all("detail" in r.json() for r in refused)
    assert snapshot() == before


def test_wrong_states_are_422_and_change_nothing(client, tokens, operator, supplier_admin, supplier, experts):
    challenge, offer = in_progress(operator, supplier_admin, supplier, experts["heat"])
    url = f"/challenges/{challenge.pk}"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = {"held_on": tomorrow, "mode": "remote", "hours": "1", "notes": "x"}
    half_effect = {"outcome": "solved", "resolution": "x", "effect_metric": "cost", "effect_before": "10"}
    before = snapshot()
    refused = [
        call(client, "post", f"/offers/{offer.pk}/accept", tokens["heat"]),  # accepted already
        call(client, "post", f"/offers/{offer.pk}/decline", tokens["heat"], {"reason": "바쁨"}),
        call(client, "post", f"{url}/triage", tokens["operator"], {"technology": "heat-treatment"}),
        call(client, "post", f"{url}/rate", tokens["company"], {"rating": 4}),  # not resolved yet
        call(client, "post", f"{url}/consultations", tokens["heat"], future),  # a date to come
        call(client, "post", f"{url}/resolve", tokens["heat"], half_effect),  # an effect without "after"
    ]
    assert [r.status_code for r in refused] == [422] * len(refused), [r.content for r in refused]
    assert snapshot() == before
    services.challenge_withdraw(actor=supplier_admin, challenge=challenge)
    before = snapshot()
    again = call(client, "post", f"{url}/withdraw", tokens["company"])
    assert again.status_code == 422 and snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"technology": "no-such-technology"}, "technology"),
        ({"process": "casting.nope"}, "process"),
        ({"material": "unobtainium"}, "material"),
        ({"defect": "heat-treatment.nope"}, "defect"),
        ({"description": "담당자 900101-1234567 에게 연락 바랍니다"}, "description"),
        ({"title": "９００１０１１２３４５６７ 문의"}, "title"),
        ({"company_id": 999_999}, "company_id"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_on_posting_is_422_naming_the_field_and_stores_nothing(
    client, tokens, supplier, body, field
):
    payload = {"company_id": supplier.pk, "title": "담금질 균열", "description": QUENCH, **body}
    before = snapshot()
    response = call(client, "post", "/challenges", tokens["company"], payload)
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert snapshot() == before


def test_a_private_company_one_does_not_belong_to_is_unknown_not_forbidden(client, tokens, other_company):
    other_company.is_public = False
    other_company.save(update_fields=["is_public"])
    before = snapshot()
    response = call(client, "post", "/challenges", tokens["company"], {
        "company_id": other_company.pk, "title": "t", "description": "d",
    })  # fmt: skip
    assert response.status_code == 422 and "company_id" in response.json()["detail"]
    assert snapshot() == before


def test_bad_triage_and_offers_are_422_naming_the_field(
    client, tokens, operator, supplier_admin, supplier, experts
):
    challenge = posted(supplier_admin, supplier)
    url = f"/challenges/{challenge.pk}"
    before = snapshot()
    for body, field in (
        ({"technology": "heat-treatment", "process": "no-such"}, "process"),
        ({"technology": "heat-treatment", "process": "casting.die-casting"}, "process"),  # other technology
        ({"technology": "nope"}, "technology"),
        ({}, "technology"),
    ):
        response = call(client, "post", f"{url}/triage", tokens["operator"], body)
        assert response.status_code == 422 and field in str(response.json()["detail"]), body
    triaged(operator, challenge)
    before = snapshot()
    unknown = call(client, "post", f"{url}/offers", tokens["operator"], {"expert_ids": [999_999]})
    assert unknown.status_code == 422 and "expert_ids" in unknown.json()["detail"]
    empty = call(client, "post", f"{url}/offers", tokens["operator"], {"expert_ids": []})
    assert empty.status_code == 422 and "expert_ids" in str(empty.json()["detail"])
    conflicted = an_expert(
        "최갈등", experts["heat"].organization, technology="heat-treatment", conflict=supplier
    )
    refused = call(client, "post", f"{url}/offers", tokens["operator"], {"expert_ids": [conflicted.pk]})
    assert refused.status_code == 422
    assert snapshot() == before


@pytest.mark.parametrize(
    ("reason", "field"),
    [
        ("", "reason"),
        ("   ", "reason"),
        ("연락처 900101-1234567", "reason"),
    ],
)
def test_a_decline_needs_a_reason_without_a_resident_number(
    client, tokens, operator, supplier_admin, supplier, experts, reason, field
):
    challenge = triaged(operator, posted(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    before = snapshot()
    response = call(client, "post", f"/offers/{offer.pk}/decline", tokens["heat"], {"reason": reason})
    assert response.status_code == 422 and field in str(response.json()["detail"])
    missing = call(client, "post", f"/offers/{offer.pk}/decline", tokens["heat"], {})
    assert missing.status_code == 422
    assert snapshot() == before
    declined = call(client, "post", f"/offers/{offer.pk}/decline", tokens["heat"], {"reason": "출장 중"})
    assert declined.status_code == 200 and declined.json()["decline_reason"] == "출장 중"
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.TRIAGED


def test_an_operator_logs_a_consultation_for_the_expert_who_took_the_case(
    client, tokens, operator, supplier_admin, supplier, experts
):
    challenge, _offer = in_progress(operator, supplier_admin, supplier, experts["heat"])
    url = f"/challenges/{challenge.pk}/consultations"
    body = {"held_on": TODAY, "mode": "remote", "hours": "1.5", "notes": "전화 자문"}
    before = snapshot()
    for extra, field in (({}, "expert"), ({"expert_id": 999_999}, "expert_id")):
        response = call(client, "post", url, tokens["operator"], {**body, **extra})
        assert response.status_code == 422 and field in response.json()["detail"]
    rrn = call(client, "post", url, tokens["heat"], {**body, "notes": "900101-1234567"})
    assert rrn.status_code == 422 and "notes" in rrn.json()["detail"]
    assert snapshot() == before
    logged = call(client, "post", url, tokens["operator"], {**body, "expert_id": experts["heat"].pk})
    assert logged.status_code == 201 and logged.json()["expert_id"] == experts["heat"].pk


def test_batch_offers_assign_triaged_cases_and_skip_the_rest(
    client, tokens, operator, supplier_admin, supplier, experts
):
    cases = [triaged(operator, posted(supplier_admin, supplier, title=f"과제 {n}")) for n in range(2)]
    fresh = posted(supplier_admin, supplier, title="접수만")
    ids = [c.pk for c in cases] + [fresh.pk]
    unknown = call(
        client, "post", "/challenges/batch-offers", tokens["operator"], {"challenge_ids": [999_999]}
    )
    assert unknown.status_code == 422 and "challenge_ids" in unknown.json()["detail"]
    response = call(client, "post", "/challenges/batch-offers", tokens["operator"], {"challenge_ids": ids})
    assert response.status_code == 200, response.content
    result = response.json()
    assert [case["challenge_id"] for case in result["assignment"]] == [c.pk for c in cases]
    assert all(case["offers"][0]["expert_id"] == experts["heat"].pk for case in result["assignment"])
    assert result["skipped"] == [fresh.pk]
    assert Offer.objects.count() == 2
    assert set(Challenge.objects.filter(status=Challenge.Status.OFFERED).values_list("pk", flat=True)) == {
        c.pk for c in cases
    }


def test_overdue_lists_for_operators(client, tokens, supplier_admin, supplier):
    late = posted(supplier_admin, supplier)
    Challenge.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=3))
    posted(supplier_admin, supplier, title="새 과제")
    response = call(client, "get", "/challenges/overdue", tokens["operator"])
    assert response.status_code == 200
    lists = response.json()
    assert [c["id"] for c in lists["triage"]] == [late.pk]
    assert lists["first_contact"] == [] and lists["resolution"] == []
    assert lists["sla_days"]["triage"] >= 1
    assert call(client, "get", "/challenges/overdue").status_code == 401


def test_experts_show_a_professional_profile_and_operators_also_capacity_load_and_conflicts(
    client, tokens, operator, supplier_admin, supplier, experts
):
    experts["heat"].conflicts.add(supplier)
    plating = experts["plating"]
    challenge = posted(supplier_admin, supplier, title="도금 수소취성")
    services.challenge_triage(
        actor=operator, challenge=challenge, technology=Technology.objects.get(slug="surface-treatment")
    )
    services.offers_create(actor=operator, challenge=challenge, experts=[plating])
    listed = call(client, "get", "/experts", tokens["company"]).json()
    assert listed["count"] == 3
    heat = call(client, "get", f"/experts/{experts['heat'].pk}", tokens["company"]).json()
    assert heat["name"] == "김담금" and heat["organization"] == "포스코 기술연구원"
    assert "heat-treatment.quench-crack" in heat["defects"]
    assert heat["keywords"] == ["담금질", "균열", "SCM440"] and heat["languages"] == ["ko"]
    assert heat["capacity"] is None and heat["load"] is None and heat["conflicts"] is None
    seen = call(client, "get", f"/experts/{experts['heat'].pk}", tokens["operator"]).json()
    assert seen["capacity"] == 3 and seen["load"] == 0
    assert seen["conflicts"] == [{"id": supplier.pk, "name": supplier.name}]
    assert call(client, "get", f"/experts/{plating.pk}", tokens["operator"]).json()["load"] == 1
    by_technology = call(client, "get", "/experts?technology=casting", tokens["company"]).json()
    assert [e["name"] for e in by_technology["results"]] == ["박주조"]
    assert call(client, "get", "/experts/999999", tokens["company"]).status_code == 404
    assert call(client, "get", "/experts?technology=nope", tokens["company"]).status_code == 422


def test_lists_make_as_many_queries_for_many_rows_as_for_few(
    operator, supplier_admin, supplier, experts, institutions
):
    client = client_for(operator)
    posted(supplier_admin, supplier)
    few = [count_queries(client, url) for url in ("/api/v1/challenges", "/api/v1/experts")]
    for n in range(5):
        triaged(operator, posted(supplier_admin, supplier, title=f"과제 {n}"))
        an_expert(f"전문가{n}", institutions["inha"], technology="casting")
    many = [count_queries(client, url) for url in ("/api/v1/challenges", "/api/v1/experts")]
    assert many == few


def test_the_openapi_schema_lists_the_desk(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/challenges",
        "/api/v1/challenges/{challenge_id}",
        "/api/v1/challenges/{challenge_id}/triage",
        "/api/v1/challenges/{challenge_id}/experts",
        "/api/v1/challenges/{challenge_id}/offers",
        "/api/v1/challenges/batch-offers",
        "/api/v1/challenges/{challenge_id}/consultations",
        "/api/v1/challenges/{challenge_id}/resolve",
        "/api/v1/challenges/{challenge_id}/rate",
        "/api/v1/challenges/{challenge_id}/withdraw",
        "/api/v1/challenges/overdue",
        "/api/v1/offers",
        "/api/v1/offers/{offer_id}/accept",
        "/api/v1/offers/{offer_id}/decline",
        "/api/v1/experts",
        "/api/v1/experts/{expert_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/challenges"]) == {"get", "post"}


def test_files_through_the_api_for_the_parties_only(
    client, supplier_admin, supplier, other_admin, operator, token_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ppuri.challenges.models import ChallengeAttachment

    challenge = services.challenge_create(
        actor=supplier_admin, company=supplier, title="기공", description="ADC12 기공"
    )
    url = f"/api/v1/challenges/{challenge.pk}/attachments"
    refused = client.post(
        url, {"file": SimpleUploadedFile("a.exe", b"MZ\\x90")}, headers=token_for(supplier_admin)
    )
    assert refused.status_code == 422 and not ChallengeAttachment.objects.exists()
    named = client.post(
        url,
        {"file": SimpleUploadedFile("홍길동 900101-1234567.pdf", b"%PDF-1.7 x")},
        headers=token_for(supplier_admin),
    )
    assert named.status_code == 422 and not ChallengeAttachment.objects.exists()
    assert (
        client.post(
            url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 x")}, headers=token_for(other_admin)
        ).status_code
        == 404
    )
    made = client.post(
        url, {"file": SimpleUploadedFile("도면.pdf", b"%PDF-1.7 x")}, headers=token_for(supplier_admin)
    )
    assert made.status_code == 201 and made.json()["kind"] == "pdf"
    download = made.json()["download"]
    assert client.get(download, headers=token_for(operator)).status_code == 200
    assert client.get(download, headers=token_for(other_admin)).status_code == 404
    assert (
        b"".join(client.get(download, headers=token_for(supplier_admin)).streaming_content) == b"%PDF-1.7 x"
    )
