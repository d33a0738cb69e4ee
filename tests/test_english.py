"""English for foreign firms (issue 12, item 8): with the English switch, names and vocabulary in
English wherever the data has them (a company's name_en, processes, materials, technologies, complexes,
defects, certifications, sectors), Korean pages unchanged; reasons and notifications in the reader's
language; API answers carrying English beside the Korean fields, and API errors in the request's
language (Korean by default, English with Accept-Language: en)."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone, translation

from ppuri.api.v1 import api
from ppuri.challenges import services as challenges
from ppuri.challenges.models import Expert, Offer
from ppuri.core.models import Notification
from ppuri.reference.models import Certification, Complex, Defect, Material, Process, Sector, Technology
from ppuri.registry.models import Organization, OrganizationCertification
from ppuri.search.services import index_rebuild
from ppuri.sourcing import services as sourcing
from ppuri.sourcing.models import RequestStep
from tests.conftest import client_for
from tests.factories import CapabilityFactory, MembershipFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db

# Korean vocabulary that has an English name: on an English page the English one is shown instead.
# Free text in the tests below (products, titles, descriptions, keywords) avoids these words, so any
# of them on an English page comes from a name shown in Korean.
KOREAN_TERMS = {
    "다이캐스팅": "High-pressure die casting",
    "남동국가산업단지": "Namdong National Industrial Complex",
    "알루미늄": "Aluminum",
}
IN_A_MONTH = timezone.localdate() + timedelta(days=30)


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_client(user=None) -> Client:
    """A browser that pressed the English switch in the header (Django's set_language view)."""
    client = client_for(user) if user else Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"
    return client


def assert_english(text: str, *expected: str) -> None:
    for name in expected:
        assert name in text, f"{name!r} not on the English page"
    shown = [term for term in KOREAN_TERMS if term in text]
    assert not shown, f"Korean names on the English page: {shown}"


@pytest.fixture
def caster(db):
    """A Namdong die caster with an English name, aluminum, a certificate and a sector."""
    organization = OrganizationFactory(
        name="한결정밀(주)", name_en="Hangyeol Precision Co., Ltd.", products="로봇 관절 하우징"
    )
    SiteFactory(organization=organization, complex=Complex.objects.get(slug="namdong"))
    capability = CapabilityFactory(
        organization=organization, process=Process.objects.get(slug="casting.die-casting")
    )
    capability.materials.set([Material.objects.get(slug="aluminum")])
    organization.sectors.set([Sector.objects.get(slug="automotive")])
    OrganizationCertification.objects.create(
        organization=organization, certification=Certification.objects.get(slug="iso-9001")
    )
    return organization


@pytest.fixture
def korean_only(db):
    """A die caster that gave no English name: its Korean name stands on English pages."""
    organization = OrganizationFactory(name="대원정밀", products="펌프 하우징")
    SiteFactory(organization=organization, complex=Complex.objects.get(slug="namdong"))
    CapabilityFactory(organization=organization, process=Process.objects.get(slug="casting.die-casting"))
    return organization


# --- names in the reader's language ---------------------------------------------------------------


def test_an_organization_is_named_in_the_readers_language_with_korean_as_fallback(caster, korean_only):
    with translation.override("en"):
        assert caster.display_name == str(caster) == "Hangyeol Precision Co., Ltd."
        assert caster.other_name == "한결정밀(주)"
        assert korean_only.display_name == "대원정밀" and korean_only.other_name == ""
        assert str(Process.objects.get(slug="casting.die-casting")) == "High-pressure die casting"
        assert Complex.objects.get(slug="namdong").district.startswith("Namchon-dong")
    with translation.override("ko"):
        assert caster.display_name == str(caster) == "한결정밀(주)"
        assert caster.other_name == "Hangyeol Precision Co., Ltd."
        assert caster.name == "한결정밀(주)"  # the registered name itself never changes
        assert str(Process.objects.get(slug="casting.die-casting")) == "다이캐스팅"


def test_the_company_page_in_english(caster):
    text = visible_text(english_client().get(caster.get_absolute_url()))
    assert_english(
        text,
        "Hangyeol Precision Co., Ltd.",
        "High-pressure die casting",
        "Aluminum",
        "Casting",
        "Namdong",
        "Automotive",
        "ISO 9001 quality management system",
    )
    assert "한결정밀(주)" in text  # the Korean name beside the English one, for the signboard


def test_the_korean_company_page_is_unchanged(client, caster):
    response = client.get(caster.get_absolute_url())
    html = response.content.decode()
    assert '<h1 data-testid="company-name">한결정밀(주)</h1>' in html
    text = visible_text(response)
    assert "다이캐스팅" in text and "알루미늄" in text and "ISO 9001 품질경영시스템" in text
    assert "Hangyeol Precision Co., Ltd." in text  # the English name below, as before


def test_the_directory_in_english(caster, korean_only):
    response = english_client().get("/companies/", {"complex": "namdong"})
    text = visible_text(response)
    assert_english(text, "Hangyeol Precision Co., Ltd.", "High-pressure die casting", "Aluminum", "Namdong")
    assert "대원정밀" in text  # no English name: the Korean one
    assert "한결정밀(주)" not in text  # a card shows one name


def test_search_in_english(caster, korean_only):
    index_rebuild()
    response = english_client().get("/search/", {"q": "die casting"})
    text = visible_text(response)
    # Hits quote the indexed text (both languages); what Ppuri names itself is in English.
    assert "Hangyeol Precision Co., Ltd." in text
    tags = re.findall(r'<span class="[^"]*\btag\b[^"]*">([^<]*)</span>', response.content.decode())
    assert "High-pressure die casting" in tags and "다이캐스팅" not in tags
    facets = re.findall(r'<fieldset class="facet".*?</fieldset>', response.content.decode(), re.S)
    assert facets and "Namdong" in " ".join(facets)
    assert not [term for term in KOREAN_TERMS if term in " ".join(facets)]


def test_a_complex_page_in_english(client):
    text = visible_text(english_client().get("/complexes/namdong/"))
    assert_english(
        text, "Namdong National Industrial Complex", "Namdong-gu, Incheon", "Namdong Industrial Complex"
    )
    korean = visible_text(client.get("/complexes/namdong/"))
    assert "남동국가산업단지" in korean and "남동공단" in korean


def test_the_home_page_in_english():
    text = visible_text(english_client().get("/"))
    assert_english(text, "Namdong National Industrial Complex", "Namdong-gu, Incheon")


# --- sourcing: the request page, its reasons and notifications ----------------------------------------


@pytest.fixture
def buyer_org(buyer):
    organization = Organization.objects.get(memberships__user=buyer)
    organization.name_en = "Cheongna Robotics"
    organization.save(update_fields=["name_en"])
    return organization


def make_request(buyer, buyer_org):
    return sourcing.request_create(
        actor=buyer,
        buyer=buyer_org,
        title="로봇 관절 하우징",
        description="관절 하우징 500개, 가공 여유 1mm",
        material=Material.objects.get(slug="aluminum"),
        quantity=500,
        deadline=IN_A_MONTH,
        visibility="open",
        processes=[Process.objects.get(slug="casting.die-casting")],
    )


def test_a_sourcing_request_in_english(buyer, buyer_org, caster, korean_only):
    request = sourcing.request_open(actor=buyer, request=make_request(buyer, buyer_org))
    response = english_client(buyer).get(request.get_absolute_url())
    assert response.status_code == 200
    text = visible_text(response)
    assert_english(
        text,
        "Cheongna Robotics",
        "Hangyeol Precision Co., Ltd.",
        "High-pressure die casting",
        "set by the buyer",  # why the step is there, stored in each language
        "registered High-pressure die casting of Aluminum",  # the match's reason
        "Namdong",
    )
    assert "대원정밀" in text


def test_a_steps_reason_is_stored_in_each_language_whoever_wrote_it(buyer, buyer_org):
    with translation.override("en"):
        request = make_request(buyer, buyer_org)
        inferred = sourcing.request_create(
            actor=buyer,
            buyer=buyer_org,
            title="브래킷",
            description="다이캐스팅 후 분체도장",
            quantity=10,
            deadline=IN_A_MONTH,
        )
    step = request.steps.get()
    assert step.source == "요청자가 지정"  # the Korean record, whatever the writer's language
    assert step.sources == {"ko": "요청자가 지정", "en": "set by the buyer"}
    with translation.override("ko"):
        assert RequestStep.objects.get(pk=step.pk).reason == "요청자가 지정"
    first = inferred.steps.first()
    assert first.sources["ko"].startswith("설명의 ‘") and first.sources["en"].endswith("’ in the description")
    sourcing.request_steps_set(actor=buyer, request=inferred, processes=[first.process])
    confirmed = inferred.steps.get()
    assert confirmed.sources == {"ko": "요청자가 확인", "en": "confirmed by the buyer"}
    # A step stored before the reasons were kept per language reads as it was written.
    RequestStep.objects.filter(pk=confirmed.pk).update(sources={})
    with translation.override("en"):
        assert RequestStep.objects.get(pk=confirmed.pk).reason == "요청자가 확인"


def test_a_notification_names_companies_and_processes_in_each_language(buyer, buyer_org, caster):
    member = MembershipFactory(organization=caster, user__username="caster-admin").user
    request = sourcing.request_open(actor=buyer, request=make_request(buyer, buyer_org))
    with translation.override("en"):  # the buyer works in English; the supplier may not
        sourcing.invitation_create(
            actor=buyer, request=request, supplier=caster, steps=list(request.steps.all())
        )
    note = Notification.objects.get(recipient=member, verb="sourcing.invited")
    assert "청라로보틱스" in note.summaries["ko"] and "다이캐스팅" in note.summaries["ko"]
    assert "Cheongna Robotics" in note.summaries["en"] and "High-pressure die casting" in note.summaries["en"]
    assert "다이캐스팅" not in note.summaries["en"] and "청라로보틱스" not in note.summaries["en"]
    assert note.summary == note.summaries["ko"]
    text = visible_text(english_client(member).get("/notifications/"))
    assert note.summaries["en"] in text
    korean = visible_text(client_for(member).get("/notifications/"))
    assert note.summaries["ko"] in korean


# --- the desk: a case page, the routing reasons ------------------------------------------------------


@pytest.fixture
def inha_expert(db):
    inha = OrganizationFactory(
        name="인하대학교", name_en="Inha University", kind=Organization.Kind.UNIVERSITY, products=""
    )
    expert = Expert.objects.create(
        name="박주조", organization=inha, keywords=["탈가스"], languages=["ko", "en"]
    )
    expert.technologies.set(Technology.objects.filter(slug="casting"))
    expert.processes.set(Process.objects.filter(slug="casting.die-casting"))
    expert.materials.set(Material.objects.filter(slug="aluminum"))
    expert.defects.set(Defect.objects.filter(slug="casting.gas-porosity"))
    return expert


@pytest.fixture
def offered_case(operator, supplier_admin, supplier, inha_expert):
    supplier.name_en = "Sekwang Casting Co., Ltd."
    supplier.save(update_fields=["name_en"])
    case = challenges.challenge_create(
        actor=supplier_admin,
        company=supplier,
        title="하우징 표면 기공",
        description="하우징 표면에 기공이 생깁니다. 탈가스를 해도 남습니다.",
    )
    challenges.challenge_triage(
        actor=operator,
        challenge=case,
        technology=Technology.objects.get(slug="casting"),
        process=Process.objects.get(slug="casting.die-casting"),
        material=Material.objects.get(slug="aluminum"),
        defect=Defect.objects.get(slug="casting.gas-porosity"),
    )
    challenges.offers_create(actor=operator, challenge=case, experts=[inha_expert])
    case.refresh_from_db()
    return case


def test_a_case_page_in_english(operator, offered_case):
    response = english_client(operator).get(offered_case.get_absolute_url())
    assert response.status_code == 200
    assert_english(
        visible_text(response),
        "Sekwang Casting Co., Ltd.",
        "Casting",
        "High-pressure die casting",
        "Aluminum",
        "Gas porosity",
        "Inha University",
    )


def test_routing_reasons_are_stored_in_each_language(offered_case):
    offer = Offer.objects.get(challenge=offered_case)
    english, korean = " ".join(offer.reasons["en"]), " ".join(offer.reasons["ko"])
    assert "Inha University" in english and "Gas porosity" in english
    assert "인하대학교" in korean and "기공·가스결함" in korean
    assert "인하대학교" not in english


def test_a_new_case_is_announced_to_operators_with_the_companys_name_in_each_language(operator, offered_case):
    note = Notification.objects.get(recipient=operator, verb="challenges.challenge.created")
    assert "Sekwang Casting Co., Ltd." in note.summaries["en"] and "세광주조(주)" in note.summaries["ko"]


# --- the API: English beside the Korean fields --------------------------------------------------------


def test_api_companies_facets_in_the_requests_language(client, caster):
    korean = client.get("/api/v1/companies").json()
    english = client.get("/api/v1/companies", headers={"Accept-Language": "en"}).json()
    labels = {facet: {v["slug"]: v["label"] for v in values} for facet, values in english["facets"].items()}
    assert labels["process"]["casting.die-casting"] == "High-pressure die casting"
    assert labels["material"]["aluminum"] == "Aluminum"
    korean_labels = {f: {v["slug"]: v["label"] for v in values} for f, values in korean["facets"].items()}
    assert korean_labels["process"]["casting.die-casting"] == "다이캐스팅"
    # Names keep their fields and values; English sits beside them.
    (company,) = english["results"]
    assert company["name"] == "한결정밀(주)" and company["name_en"] == "Hangyeol Precision Co., Ltd."


def test_api_match_carries_english_names_and_reasons(client, caster, korean_only):
    body = {"processes": ["casting.die-casting"], "material": "aluminum", "quantity": 100}
    found = client.post(
        "/api/v1/sourcing/match", body, content_type="application/json", headers={"Accept-Language": "en"}
    ).json()
    by_name = {s["name"]: s for s in found["suppliers"]["casting.die-casting"]}
    assert by_name["한결정밀(주)"]["name_en"] == "Hangyeol Precision Co., Ltd."
    assert by_name["대원정밀"]["name_en"] == ""
    assert "registered High-pressure die casting of Aluminum" in by_name["한결정밀(주)"]["reasons"]
    assert by_name["한결정밀(주)"]["place"] == "Namdong"
    korean = client.post("/api/v1/sourcing/match", body, content_type="application/json").json()
    assert "알루미늄 다이캐스팅 역량 등록" in korean["suppliers"]["casting.die-casting"][0]["reasons"]


def test_api_sourcing_request_and_case_carry_english_names(
    client, token_for, buyer, buyer_org, operator, offered_case
):
    request = make_request(buyer, buyer_org)
    shown = client.get(f"/api/v1/sourcing/requests/{request.pk}", headers=token_for(buyer)).json()
    assert shown["buyer"] == "청라로보틱스" and shown["buyer_en"] == "Cheongna Robotics"
    assert shown["steps"][0]["source"] == "요청자가 지정"
    english = client.get(
        f"/api/v1/sourcing/requests/{request.pk}", headers={**token_for(buyer), "Accept-Language": "en"}
    ).json()
    assert english["steps"][0]["source"] == "set by the buyer" and english["buyer"] == "청라로보틱스"
    case = client.get(
        f"/api/v1/challenges/{offered_case.pk}", headers={**token_for(operator), "Accept-Language": "en"}
    ).json()
    assert case["company"] == "세광주조(주)" and case["company_en"] == "Sekwang Casting Co., Ltd."
    (offer,) = case["offers"]
    assert offer["organization"] == "인하대학교" and offer["organization_en"] == "Inha University"
    assert any("Inha University" in reason for reason in offer["reasons"])


# --- API errors in the request's language -----------------------------------------------------------


def both_languages(send) -> tuple[dict, dict]:
    """The same refused request, without Accept-Language and with Accept-Language: en."""
    korean, english = send({}), send({"Accept-Language": "en"})
    assert korean.status_code == english.status_code
    assert korean["Content-Type"].startswith("application/json")
    return korean.json(), english.json()


def test_404_and_405_in_the_requests_language(client):
    korean, english = both_languages(lambda h: client.get("/api/v1/companies/999999", headers=h))
    assert korean == {"detail": "찾을 수 없습니다."} and english == {"detail": "Not found."}
    korean, english = both_languages(lambda h: client.get("/api/v1/no-such-thing", headers=h))
    assert korean == {"detail": "찾을 수 없습니다."} and english == {"detail": "Not found."}
    korean, english = both_languages(lambda h: client.delete("/api/v1/companies", headers=h))
    assert korean == {"detail": "이 주소에서 쓸 수 없는 메서드입니다."}
    assert english == {"detail": "Method not allowed here."}


def test_401_and_403_in_the_requests_language(client, token_for, supplier, outsider):
    patch = json.dumps({"products": "x"})
    url = f"/api/v1/companies/{supplier.pk}"
    korean, english = both_languages(
        lambda h: client.patch(url, patch, content_type="application/json", headers=h)
    )
    assert korean == {"detail": "인증이 필요합니다."} and english == {"detail": "Authentication required."}
    korean, english = both_languages(
        lambda h: client.patch(
            url, patch, content_type="application/json", headers={**token_for(outsider), **h}
        )
    )
    assert korean == {"detail": "이 작업을 할 권한이 없습니다."}
    assert english == {"detail": "You do not have permission to do this."}
    supplier.refresh_from_db()
    assert supplier.products != "x"


def test_a_sessions_write_without_its_csrf_token_is_refused_in_the_requests_language(
    supplier_admin, supplier
):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(supplier_admin)
    url = f"/api/v1/companies/{supplier.pk}"
    korean, english = both_languages(
        lambda h: browser.patch(
            url, json.dumps({"products": "x"}), content_type="application/json", headers=h
        )
    )
    assert korean["detail"].startswith("CSRF 토큰이 없거나 맞지 않습니다.")
    assert english["detail"].startswith("The CSRF token is missing or wrong.")
    supplier.refresh_from_db()
    assert supplier.products != "x"


def test_409_in_the_requests_language(client, token_for, supplier_admin, supplier):
    url = f"/api/v1/companies/{supplier.pk}"
    headers = token_for(supplier_admin)
    stale = client.get(url).json()["version"]
    client.patch(
        url, json.dumps({"products": "먼저 바꾼 값"}), content_type="application/json", headers=headers
    )

    def send(h):
        body = json.dumps({"products": "늦게 바꾼 값", "version": stale})
        return client.patch(url, body, content_type="application/json", headers={**headers, **h})

    korean, english = both_languages(send)
    assert korean["detail"] == "다른 사람이 먼저 이 정보를 바꿨습니다. 아무것도 저장하지 않았습니다."
    assert english["detail"].startswith("Someone")
    assert korean["changed"] == english["changed"] == {"products": "먼저 바꾼 값"}


def test_413_in_the_requests_language(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"processes": ["casting.die-casting"], "title": "가" * 2_000})
    korean, english = both_languages(
        lambda h: client.post("/api/v1/sourcing/match", body, content_type="application/json", headers=h)
    )
    assert korean == {"detail": "요청 본문이 너무 큽니다."} and english == {
        "detail": "Request body too large."
    }


def test_400_in_the_requests_language(client):
    korean, english = both_languages(
        lambda h: client.post(
            "/api/v1/sourcing/match", "{not json", content_type="application/json", headers=h
        )
    )
    assert korean["detail"].startswith("요청 본문을 해석할 수 없습니다.")
    assert english["detail"].startswith("Cannot parse request body.")


def test_422_in_the_requests_language(client, token_for, supplier_admin):
    # Ppuri's own check inside a schema: pydantic's wrapper ("Value error, …") around our sentence.
    korean, english = both_languages(
        lambda h: client.post("/api/v1/sourcing/match", "[1]", content_type="application/json", headers=h)
    )
    assert korean["detail"][0]["msg"] == "Value error, 본문은 JSON 객체여야 합니다."
    assert english["detail"][0]["msg"] == "Value error, The body must be a JSON object."
    # An unknown slug, named by its field.
    headers = token_for(supplier_admin)
    korean, english = both_languages(
        lambda h: client.get("/api/v1/challenges", {"technology": "no-such"}, headers={**headers, **h})
    )
    assert korean == {"detail": {"technology": ["technology: 없는 값입니다('no-such')."]}}
    assert english == {"detail": {"technology": ["Unknown technology: 'no-such'."]}}
    # A service's refusal (gettext'd where it is raised).
    body = json.dumps({"processes": ["casting.die-casting"], "quantity": 0})
    korean, english = both_languages(
        lambda h: client.post("/api/v1/sourcing/match", body, content_type="application/json", headers=h)
    )
    assert korean["detail"][0]["loc"] == english["detail"][0]["loc"]  # pydantic's own message stays


def test_unknown_values_and_versions_in_the_requests_language(client, token_for, supplier_admin, supplier):
    # Several unknown slugs at once, each named, under the field that holds them.
    body = json.dumps({"processes": ["no-such", "nor-this"]})
    korean, english = both_languages(
        lambda h: client.post("/api/v1/sourcing/match", body, content_type="application/json", headers=h)
    )
    assert korean == {"detail": {"processes": ["processes: 없는 값입니다('no-such', 'nor-this')."]}}
    assert english == {"detail": {"processes": ["Unknown processes: 'no-such', 'nor-this'."]}}
    # If-Match and the body's version naming different versions: refused before anything is written.
    url = f"/api/v1/companies/{supplier.pk}"
    version = client.get(url).json()["version"]
    body = json.dumps({"products": "바뀌면 안 됨", "version": version})
    headers = {**token_for(supplier_admin), "If-Match": '"' + "0" * len(version) + '"'}
    korean, english = both_languages(
        lambda h: client.patch(url, body, content_type="application/json", headers={**headers, **h})
    )
    assert korean == {"detail": {"version": ["If-Match 헤더와 version이 서로 다른 버전을 가리킵니다."]}}
    assert english == {"detail": {"version": ["If-Match and version name different versions."]}}
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 다이캐스팅 자동차 부품"


def test_429_in_the_requests_language(client, monkeypatch):
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 0)
    korean, english = both_languages(lambda h: client.get("/api/v1/technologies", headers=h))
    assert korean == {"detail": "요청이 너무 많습니다. 잠시 뒤에 다시 시도해 주세요."}
    assert english == {"detail": "Too many requests. Try again later."}
