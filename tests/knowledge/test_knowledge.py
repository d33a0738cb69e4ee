"""Knowledge: a solved case published anonymised with the company's consent and found by search;
members-only articles and expert profiles for signed-in users only; refused writes change nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ppuri.challenges import services as desk
from ppuri.knowledge import services
from ppuri.knowledge.models import Article
from ppuri.reference.models import Defect, Process, Technology
from ppuri.search.selectors import search
from ppuri.search.services import index_rebuild
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(supplier_admin, supplier, operator, experts):
    challenge = desk.challenge_create(
        actor=supplier_admin,
        company=supplier,
        title="세광주조 SCM440 샤프트 담금질 균열",
        description="세광주조(주) 2라인에서 유냉 후 키홈 균열이 생깁니다.",
    )
    desk.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )
    (offer,) = desk.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    desk.offer_accept(actor=experts["heat"].user, offer=offer)
    desk.consultation_log(
        actor=experts["heat"].user, challenge=challenge, held_on=timezone.localdate(), mode="remote",
        hours=Decimal("1"), notes="유온 확인",
    )  # fmt: skip
    desk.challenge_resolve(
        actor=experts["heat"].user, challenge=challenge, outcome="solved",
        resolution="담금질 직후 템퍼링으로 균열 해소", effect_metric="defect_rate",
        effect_before=Decimal("4.0"), effect_after=Decimal("0.5"),
    )  # fmt: skip
    return challenge


def test_the_draft_leaves_the_company_out_and_publishing_refuses_its_name(
    closed_case, supplier_admin, operator
):
    desk.challenge_rate(actor=supplier_admin, challenge=closed_case, rating=5, publish_consent=True)
    closed_case.refresh_from_db()
    draft = services.case_draft(closed_case)
    assert "세광" not in draft["title"] + draft["body"] and "한 기업 2라인" in draft["body"]
    assert "4.00 → 0.50" in draft["body"]
    with pytest.raises(ValidationError) as error:
        services.article_publish_from_challenge(
            actor=operator,
            challenge=closed_case,
            title=draft["title"],
            body=draft["body"] + "\n세광 주조 협력",
        )
    assert "body" in error.value.message_dict and not Article.objects.exists()
    with pytest.raises(PermissionDenied):
        services.article_publish_from_challenge(
            actor=supplier_admin, challenge=closed_case, title=draft["title"], body=draft["body"]
        )
    article = services.article_publish_from_challenge(
        actor=operator, challenge=closed_case, title="SCM440 샤프트 담금질 균열 해결 사례", body=draft["body"]
    )
    assert article.defect.slug == "heat-treatment.quench-crack" and article.kind == Article.Kind.DEFECT_CASE
    # Found by search at once, by anyone; and only once per case.
    assert search(query="담금질 균열 사례").hits[0].title == article.title
    with pytest.raises(ValidationError):
        services.article_publish_from_challenge(actor=operator, challenge=closed_case, title="x", body="y")


def test_without_consent_nothing_is_published(closed_case, supplier_admin, operator):
    desk.challenge_rate(actor=supplier_admin, challenge=closed_case, rating=4, publish_consent=False)
    with pytest.raises(ValidationError):
        services.article_publish_from_challenge(
            actor=operator, challenge=closed_case, title="사례", body="본문"
        )
    assert not Article.objects.exists()
    assert client_for(operator).get(f"/knowledge/publish/{closed_case.pk}/").status_code == 200
    response = client_for(operator).post(
        f"/knowledge/publish/{closed_case.pk}/", {"title": "사례", "body": "본문", "audience": "public"}
    )
    assert "동의하지 않았습니다" in response.content.decode() and not Article.objects.exists()


def test_members_only_articles_and_expert_profiles_are_found_by_signed_in_users_only(
    client,
    operator,
    experts,
    supplier_admin,
):
    services.article_create(
        actor=operator, kind="guide", title="진공 침탄 회원 가이드", body="진공 침탄 조건", audience="members"
    )
    index_rebuild()
    assert search(query="진공 침탄 가이드").total == 0
    assert search(query="진공 침탄 가이드", member=True).hits[0].title == "진공 침탄 회원 가이드"
    assert search(query="김담금").total == 0 and search(query="김담금", member=True).hits[0].title == "김담금"
    anonymous = client.get("/api/v1/search", {"q": "진공 침탄 가이드"}).json()
    signed_in = client_for(supplier_admin).get("/api/v1/search", {"q": "진공 침탄 가이드"}).json()
    assert "진공 침탄 회원 가이드" not in [r["title"] for r in anonymous["results"]]
    assert signed_in["results"][0]["title"] == "진공 침탄 회원 가이드"
    article = Article.objects.get()
    assert client.get(f"/knowledge/{article.pk}/").status_code == 404
    assert client_for(supplier_admin).get(f"/knowledge/{article.pk}/").status_code == 200


def test_only_operators_and_experts_write_articles(supplier_admin, experts):
    with pytest.raises(PermissionDenied):
        services.article_create(actor=supplier_admin, kind="guide", title="가이드", body="본문")
    with pytest.raises(ValidationError):
        services.article_create(
            actor=experts["heat"].user, kind="guide", title="가이드", body="연락 900101-1234567"
        )
    assert not Article.objects.exists()
    services.article_create(
        actor=experts["heat"].user, kind="guide", title="담금질 균열 예방", body="템퍼링 지연 금지"
    )
    assert Article.objects.count() == 1


def test_a_public_challenge_is_found_by_search_and_a_confidential_one_never(supplier_admin, supplier):
    desk.challenge_create(
        actor=supplier_admin, company=supplier, title="알루미늄 다이캐스팅 기공 공개 과제",
        description="ADC12 기공", confidentiality="public",
    )  # fmt: skip
    desk.challenge_create(
        actor=supplier_admin, company=supplier, title="비밀 기공 과제", description="ADC12 기공"
    )
    titles = [hit.title for hit in search(query="기공 과제", member=True).hits]
    assert titles == ["알루미늄 다이캐스팅 기공 공개 과제"]


def test_articles_through_the_api(client, closed_case, supplier_admin, operator, token_for):
    desk.challenge_rate(actor=supplier_admin, challenge=closed_case, rating=5, publish_consent=True)
    operator_headers = token_for(operator)
    refused = client.post(
        f"/api/v1/challenges/{closed_case.pk}/publish",
        {"title": "세광주조 사례", "body": "본문"},
        content_type="application/json",
        headers=operator_headers,
    )
    assert refused.status_code == 422 and "title" in refused.json()["detail"]
    assert (
        client.post(
            f"/api/v1/challenges/{closed_case.pk}/publish",
            {"title": "사례", "body": "본문"},
            content_type="application/json",
            headers=token_for(supplier_admin),
        ).status_code
        == 403
    )
    made = client.post(
        f"/api/v1/challenges/{closed_case.pk}/publish",
        {"title": "담금질 균열 해결 사례", "body": "템퍼링", "audience": "members"},
        content_type="application/json",
        headers=operator_headers,
    )
    assert made.status_code == 201 and made.json()["defect"] == "heat-treatment.quench-crack"
    article_id = made.json()["id"]
    assert client.get("/api/v1/articles").json()["count"] == 0  # members only
    assert client.get(f"/api/v1/articles/{article_id}").status_code == 404
    member = client.get("/api/v1/articles", headers=operator_headers).json()
    assert [a["title"] for a in member["results"]] == ["담금질 균열 해결 사례"]
    bad = client.post(
        "/api/v1/articles",
        {"title": "가이드", "body": "본문", "defect": "no-such-defect"},
        content_type="application/json",
        headers=operator_headers,
    )
    assert bad.status_code == 422 and "defect" in bad.json()["detail"]
    assert Article.objects.count() == 1


def test_an_expert_writes_a_guide_on_its_page_and_a_company_may_not(experts, supplier_admin):
    page = client_for(experts["heat"].user)
    response = page.post(
        "/knowledge/new/",
        {
            "kind": "guide",
            "title": "담금질 균열을 막는 템퍼링 시점",
            "body": "담금질 직후 템퍼링",
            "audience": "public",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert client_for(supplier_admin).get("/knowledge/new/").status_code == 403
    refused = page.post(
        "/knowledge/new/",
        {"kind": "guide", "title": "연락처", "body": "900101-1234567", "audience": "public"},
    )
    assert refused.status_code == 200 and "주민등록번호" in refused.content.decode()
    assert Article.objects.count() == 1


def test_the_draft_puts_a_placeholder_for_the_name_with_particles_that_agree():
    from types import SimpleNamespace

    case = SimpleNamespace(
        company=SimpleNamespace(name="세광주조(주)", name_en="Sekwang Casting"),
        title="세광주조 샤프트 균열",
        description=(
            "라인 B를 쓰고 세광주조가 시험했고, 세광 주조를 거쳐 (주)세광주조는 Sekwang Casting으로 보냈다."
        ),
        resolution="",
        effect_metric="",
    )
    draft = services.case_draft(case)
    assert draft["title"] == "한 기업 샤프트 균열"
    assert draft["body"].startswith(
        "문제\n라인 B를 쓰고 한 기업이 시험했고, 한 기업을 거쳐 한 기업은 한 기업으로 보냈다."
    )
