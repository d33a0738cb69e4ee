"""The operator's triage box and expert picker: reference names in the reader's language (never
slugs), each reason once, the confidence in words; no expert ticked in advance and one offer per
expert ticked, none when an id is bad."""

import re

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from ppuri.challenges import triage
from ppuri.challenges.models import Challenge, Offer
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

REPEATED = {
    "title": "SCM440 샤프트 유냉 담금질 균열",
    "description": "유냉 담금질 후 키홈에 균열. 유냉 담금질 온도는 850℃입니다.",
    "urgency": "high",
    "confidentiality": "confidential",
}
SLUG = re.compile(r"[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*|heat-treatment|alloy-steel")


def _box(html: str) -> str:
    """The triage box's visible text (tags dropped)."""
    found = re.search(r'<section data-testid="suggestion">(.*?)</section>', html, re.S)
    assert found, "no triage box on the page"
    return re.sub(r"<[^>]+>", " ", found.group(1))


def test_a_quote_said_three_times_is_one_reason_with_its_count():
    proposal = triage.classify(f"{REPEATED['title']}\n{REPEATED['description']}", history=[])
    with translation.override("ko"):
        technology = proposal.explained("technology")
        process = proposal.explained("process")
    assert technology == ["‘유냉 담금질’ 3회 언급", "‘담금질 균열’ 언급"]
    assert process == ["‘유냉 담금질’ 3회 언급"]
    with translation.override("en"):
        assert proposal.explained("process") == ["mentions ‘유냉 담금질’ 3 times"]


def test_confidence_is_high_when_the_evidence_agrees_and_lower_when_it_does_not():
    agreed = triage.classify("SCM440 샤프트 담금질 균열", history=[])
    assert agreed.confidence["technology"] == 0.95 and agreed.confidence["material"] == 0.95
    # Casting named twice (다이캐스팅, 기공), heat treatment once: two thirds as sure.
    split = triage.classify("다이캐스팅 기공과 담금질", history=[])
    assert split.values["technology"] == "casting"
    assert split.confidence["technology"] == round(0.95 * 2 / 3, 2)
    # The die casting and the porosity within casting are no surer than casting is (alone in their
    # technology, each would be 0.95 by itself).
    assert split.values["process"] == "casting.die-casting" and split.values["defect"]
    assert split.confidence["process"] == split.confidence["defect"] == split.confidence["technology"]
    # Nothing in the vocabulary: the votes of similar past cases, trusted less.
    words = triage.terms_of("샤프트 키홈 깨짐")
    history = [(words, {"technology": "heat-treatment"})] * 2 + [(words, {"technology": "casting"})]
    voted = triage.classify("샤프트 키홈 깨짐", history=history)
    assert voted.values["technology"] == "heat-treatment"
    assert voted.confidence["technology"] == round(0.7 * 2 / 3, 2)
    stored = voted.as_json()
    assert stored["technology"]["confidence"] == voted.confidence["technology"]
    assert stored["defect"]["confidence"] is None  # nothing proposed, nothing to be sure of


def test_a_stored_proposal_reads_as_names_with_each_reason_once_in_the_readers_language():
    # Stored before reasons were counted: the same reason three times, and no confidence.
    old = {
        "technology": {
            "slug": "heat-treatment",
            "reasons": {"ko": ["‘유냉 담금질’ 언급"] * 3, "en": ["mentions ‘유냉 담금질’"] * 3},
        },
        "process": {"slug": "heat-treatment.through-hardening", "reasons": ["‘유냉 담금질’ 언급"] * 2},
        "material": {"slug": "no-such-material", "reasons": {"ko": ["‘X’ 언급"], "en": ["mentions ‘X’"]}},
        "defect": {"slug": "", "reasons": []},
    }
    with translation.override("ko"):
        rows = {row.name: row for row in triage.suggestion_for_reader(old)}
        assert str(rows["technology"].value) == "열처리" and rows["technology"].label == "뿌리기술"
        assert rows["technology"].reasons == ["‘유냉 담금질’ 언급"]
        assert rows["process"].reasons == ["‘유냉 담금질’ 언급"]
        assert rows["technology"].confidence_text == ""
        # A slug the reference data no longer holds is no proposal, and shows no reasons for it.
        assert rows["material"].value is None and rows["material"].reasons == []
    with translation.override("en"):
        rows = {row.name: row for row in triage.suggestion_for_reader(old)}
        assert (
            str(rows["technology"].value) == "Heat treatment"
            and rows["technology"].label == "Root technology"
        )
        assert rows["technology"].reasons == ["mentions ‘유냉 담금질’"]


@pytest.mark.parametrize("stored", [[], "heat-treatment", {"technology": "heat-treatment"}, {"process": 3}])
def test_a_malformed_stored_proposal_shows_no_proposal_rather_than_failing(stored):
    rows = triage.suggestion_for_reader(stored)
    assert all(row.value is None and row.reasons == [] for row in rows)


def test_confidence_in_words():
    row = triage.SuggestedField(name="technology", label="", value=object(), reasons=[], confidence=0.95)
    low = triage.SuggestedField(name="technology", label="", value=object(), reasons=[], confidence=0.42)
    with translation.override("ko"):
        assert row.confidence_text == "높음(95%)" and low.confidence_text == "낮음(42%)"
    with translation.override("en"):
        assert row.confidence_text == "high (95%)"


def test_the_triage_box_on_the_case_page_names_each_field_in_the_readers_language(
    supplier_admin, supplier, operator, experts
):
    client_for(supplier_admin).post("/challenges/new/", REPEATED)
    challenge = Challenge.objects.get()
    desk = client_for(operator)
    box = _box(desk.get(f"/challenges/{challenge.pk}/").content.decode())
    assert "열처리" in box and "합금강" in box and "담금질 균열" in box
    assert not SLUG.search(box), SLUG.search(box)
    assert "technology" not in box and "process" not in box
    assert box.count("‘유냉 담금질’ 3회 언급") == 2  # the technology's and the process's, once each
    assert "신뢰도" in box and "높음(95%)" in box
    desk.cookies["django_language"] = "en"
    english = _box(desk.get(f"/challenges/{challenge.pk}/").content.decode())
    assert "Heat treatment" in english and "Confidence" in english and "high (95%)" in english
    assert "열처리" not in english and not SLUG.search(english)
    # The company that posted the case sees no triage box.
    assert (
        'data-testid="suggestion"'
        not in client_for(supplier_admin).get(f"/challenges/{challenge.pk}/").content.decode()
    )


def _triaged(supplier_admin, operator) -> tuple[Challenge, object]:
    client_for(supplier_admin).post("/challenges/new/", REPEATED)
    challenge = Challenge.objects.get()
    desk = client_for(operator)
    desk.post(
        f"/challenges/{challenge.pk}/triage/",
        {
            "technology": "heat-treatment",
            "process": "heat-treatment.quench-temper",
            "material": "alloy-steel",
        },
    )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.TRIAGED
    return challenge, desk


@pytest.fixture
def more_heat_experts(institutions):
    from tests.desk_fixtures import make_expert

    return [
        make_expert(
            name,
            institutions["kitech"],
            technologies=["heat-treatment"],
            processes=["heat-treatment.quench-temper"],
            keywords=["SCM440"],
        )
        for name in ("최뜨임", "정불림", "한풀림")
    ]


def test_no_expert_is_ticked_in_advance_and_fit_reasons_read_as_words(
    supplier_admin, supplier, operator, experts, more_heat_experts
):
    challenge, desk = _triaged(supplier_admin, operator)
    html = desk.get(f"/challenges/{challenge.pk}/").content.decode()
    proposals = re.search(r'<section data-testid="proposals">(.*?)</section>', html, re.S).group(1)
    assert proposals.count('type="checkbox"') == 4 and "checked" not in proposals
    assert "담금질·뜨임 공정 전문" in proposals and "키워드 일치: SCM440" in proposals
    assert "scm, " not in proposals  # the analysed terms stay inside
    assert "적합도 " in proposals and "%" in proposals


def test_ticking_two_experts_makes_exactly_two_offers(
    supplier_admin, supplier, operator, experts, more_heat_experts
):
    challenge, desk = _triaged(supplier_admin, operator)
    picked = [more_heat_experts[0].pk, more_heat_experts[2].pk]
    desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": picked})
    assert sorted(Offer.objects.values_list("expert_id", flat=True)) == sorted(picked)


@pytest.mark.parametrize(
    "sent",
    [
        [],  # nothing ticked
        ["abc"],
        ["999999"],
        ["-1"],
        ["1.5"],
        "known-and-unknown",  # one real expert and one unknown id: neither is offered
    ],
)
def test_a_bad_pick_sends_no_offer_and_says_why(supplier_admin, supplier, operator, experts, sent):
    challenge, desk = _triaged(supplier_admin, operator)
    if sent == "known-and-unknown":
        sent = [str(experts["heat"].pk), "999999"]
    response = desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": sent})
    assert response.status_code == 302 and response["Location"] == f"/challenges/{challenge.pk}/"
    assert not Offer.objects.exists()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.TRIAGED
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "전문가" in said


def test_an_ineligible_expert_among_those_ticked_sends_none(
    supplier_admin, supplier, operator, experts, more_heat_experts
):
    challenge, desk = _triaged(supplier_admin, operator)
    desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": [experts["heat"].pk]})
    assert Offer.objects.count() == 1
    # 김담금 has the case already: ticking them again with another expert sends neither.
    desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": [experts["heat"].pk, more_heat_experts[0].pk]})
    assert list(Offer.objects.values_list("expert_id", flat=True)) == [experts["heat"].pk]


def test_only_an_operator_makes_offers(supplier_admin, supplier, operator, experts):
    challenge, _desk = _triaged(supplier_admin, operator)
    response = client_for(supplier_admin).post(
        f"/challenges/{challenge.pk}/offer/", {"expert": [experts["heat"].pk]}
    )
    assert response.status_code == 403 and not Offer.objects.exists()
