"""Search says what it found (issue 12, item 6): part of a company's name finds it; the count and the
facets are of the results with every word of the query, those with some of the words are counted and
offered apart, with a notice; a typo is mended to the spelling the index holds most evidence of.

Every test builds its own companies (SQLite and PostgreSQL alike: DATABASE_URL)."""

import re

import pytest

from ppuri.reference.models import Complex, Process
from ppuri.registry import services
from ppuri.search.selectors import search
from ppuri.search.services import index_rebuild
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db

# Companies that share no word with the queries below: FTS5's rank gives a word found in half the
# documents no weight, so the index needs some others, as a real one has.
OTHERS = [
    ("세원도장", "분체 도장 판넬", "surface-treatment.powder-coating"),
    ("우진프레스", "자동차 브래킷 프레스", "forming.stamping"),
    ("동진열처리", "고주파 열처리", "heat-treatment.induction"),
    ("성진사출", "플라스틱 사출 커버", "injection-press.injection-molding"),
    ("미래레이저", "레이저 절단 판금", "precision-machining.laser-cutting"),
    ("신일단조", "열간 단조 플랜지", "forming.hot-forging"),
    ("태성용접", "로봇 용접 프레임", "welding.robotic"),
    ("극동연마", "경면 연마", "precision-machining.polishing"),
]


def company(name, products, process, *, complex_slug="namdong", **fields):
    organization = OrganizationFactory(name=name, products=products, **fields)
    SiteFactory(organization=organization, complex=Complex.objects.get(slug=complex_slug))
    CapabilityFactory(organization=organization, process=Process.objects.get(slug=process))
    return organization


def others():
    for name, products, process in OTHERS:
        company(name, products, process, complex_slug="seobu")


def titles(result):
    return [hit.title for hit in result.hits]


def names_of(hits):
    return [hit["title"] for hit in hits]


# --- 1. part of a name finds the company -------------------------------------------------------------


@pytest.fixture
def named():
    others()
    found = {
        "foundry": company(
            "한결알루미늄주조(주)",
            "알루미늄 중력 주조",
            "casting.gravity",
            name_en="Hangyeol Aluminum Foundry",
        ),
        "exact": company("(주)한결", "금형 부품 가공", "precision-machining.cnc-milling"),
        "inside": company("대한결속", "결속선 제조", "forming.drawing"),
        "caster": company("세진주조", "알루미늄 주조 부품", "casting.gravity"),
        "hidden": company("한결비공개정밀", "정밀 가공", "precision-machining.turning", is_public=False),
    }
    index_rebuild()
    return found


def test_the_start_of_a_name_finds_the_company_the_exact_name_first(named):
    # Kiwi reads 한결 as an adverb and drops it: only the name's parts find these companies.
    found = titles(search(query="한결"))
    assert found[:2] == ["(주)한결", "한결알루미늄주조(주) Hangyeol Aluminum Foundry"]
    # A name that merely has the word inside comes after those that start with it.
    assert found[2:] == ["대한결속"]
    assert "한결비공개정밀" not in found  # a private company's name parts find nothing


@pytest.mark.parametrize(
    "query", ["알루미늄주조", "한결알루미늄", "(주)한결 알루미늄", "한결알루미늄주조", "hangy"]
)
def test_any_part_of_a_compound_name_finds_the_company_first(named, query):
    # 알루미늄주조 is also what the other caster does: the company whose name it is comes first.
    assert titles(search(query=query))[0] == "한결알루미늄주조(주) Hangyeol Aluminum Foundry"


def test_a_name_part_counts_as_every_word_and_is_found_through_the_api_and_the_page(client, named):
    result = search(query="한결")
    assert result.total == result.total_all_terms == 3 and not result.partial
    body = client.get("/api/v1/search", {"q": "한결"}).json()
    assert names_of(body["results"])[:2] == ["(주)한결", "한결알루미늄주조(주) Hangyeol Aluminum Foundry"]
    assert body["total"] == 3 and all(hit["all_terms"] for hit in body["results"])
    assert "한결알루미늄주조(주)" in client.get("/search/", {"q": "한결"}).content.decode()


@pytest.mark.parametrize("query", ["한", "!!", "한결" + "가" * 30, "'한결'", '"한결"', "한결\\"])
def test_too_short_too_long_or_quoted_name_parts_never_fail(client, named, query):
    search(query=query)  # no error from either engine's query language
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/api/v1/search", {"q": query}).status_code == 200
    # One letter is no name part; quotes and a backslash fall away, leaving 한결.
    if query in ("한", "!!"):
        assert search(query=query).total == 0
    if "'" in query or '"' in query or "\\" in query:
        assert "(주)한결" in titles(search(query=query))


def test_a_renamed_company_is_found_by_its_new_name_only(named, operator):
    services.organization_update(actor=operator, organization=named["inside"], name="가람결속")
    assert "대한결속" not in titles(search(query="한결"))
    assert titles(search(query="가람"))[0] == "가람결속"


# --- 2. the count is of every word; some words are counted and offered apart -----------------------


@pytest.fixture
def carburizing():
    """ "SCM440 침탄": 3 companies carburize SCM440 (in Namdong); 4 turn SCM440 and 2 carburize other
    steel (in Juan): those 6 have some of the words."""
    others()
    for number in range(3):
        company(f"금강침탄{number}", "SCM440 기어 침탄 열처리", "heat-treatment.carburizing")
    for number in range(4):
        company(f"한빛정밀{number}", "SCM440 샤프트 선삭", "precision-machining.turning", complex_slug="juan")
    for number in range(2):
        company(f"대성열처리{number}", "S45C 기어 침탄", "heat-treatment.carburizing", complex_slug="juan")
    index_rebuild()


def test_the_count_and_the_facets_are_of_the_results_with_every_word(carburizing):
    result = search(query="SCM440 침탄")
    assert result.total == result.total_all_terms == 3 and not result.partial
    assert result.partial_total == 6  # counted apart, never in the total
    assert result.facets["complex"] == {"namdong": 3} and result.types == {"company": 3}
    assert result.facets["process"] == {"heat-treatment.carburizing": 3}
    # The page is filled below with those that have some of the words, each marked.
    assert [hit.all_terms for hit in result.hits] == [True] * 3 + [False] * 6
    assert all(title.startswith("금강침탄") for title in titles(result)[:3])


def test_the_results_with_some_of_the_words_are_listed_apart_on_request(carburizing):
    result = search(query="SCM440 침탄", match="any")
    assert result.total == result.partial_total == 6 and result.total_all_terms == 3
    assert result.partial and not any(hit.all_terms for hit in result.hits)
    assert not any(title.startswith("금강침탄") for title in titles(result))
    assert result.facets["complex"] == {"juan": 6}
    # Page after page, as far as they go.
    assert len(search(query="SCM440 침탄", match="any", page_size=4, page=2).hits) == 2


def test_when_all_word_results_fill_the_page_no_others_are_counted_or_shown(carburizing):
    result = search(query="SCM440 침탄", page_size=2)
    assert result.total == 3 and result.partial_total is None
    assert [hit.all_terms for hit in result.hits] == [True, True]
    assert [hit.all_terms for hit in search(query="SCM440 침탄", page_size=2, page=2).hits] == [True]


def test_when_no_document_has_every_word_the_partial_results_say_so(carburizing):
    result = search(query="SCM440 분체도장")
    assert result.total_all_terms == 0 and result.partial
    assert result.total == result.partial_total == 8  # 7 with SCM440, 1 with 분체 도장
    assert not any(hit.all_terms for hit in result.hits)


def test_a_query_of_one_word_has_no_others_to_offer(carburizing):
    result = search(query="침탄")
    assert result.total == 5 and result.partial_total is None
    assert search(query="침탄", match="any").total == 0  # none with some words but not all


def test_the_api_counts_every_word_and_offers_the_others_apart(client, carburizing):
    body = client.get("/api/v1/search", {"q": "SCM440 침탄"}).json()
    assert body["total"] == body["total_all_terms"] == 3 and body["partial_total"] == 6
    assert body["match"] == "all" and body["partial"] is False
    assert body["facets"]["complex"] == {"namdong": 3} and body["facets"]["type"] == {"company": 3}
    assert [hit["all_terms"] for hit in body["results"]] == [True] * 3 + [False] * 6
    others = client.get("/api/v1/search", {"q": "SCM440 침탄", "match": "any"}).json()
    assert others["total"] == 6 and others["match"] == "any" and others["partial"] is True
    assert not any(name.startswith("금강침탄") for name in names_of(others["results"]))


@pytest.mark.parametrize("match", ["some", "ALL", "", "any\x00"])
def test_the_api_refuses_an_unknown_match(client, carburizing, match):
    response = client.get("/api/v1/search", {"q": "SCM440 침탄", "match": match})
    assert response.status_code == 422 and "detail" in response.json()


def test_the_page_shows_the_notice_and_links_to_the_other_results(client, carburizing):
    html = client.get("/search/", {"q": "SCM440 침탄"}).content.decode()
    total = re.sub(r"\s+", " ", html.split('data-testid="search-total">')[1].split("</p>")[0])
    assert "모든 검색어를 포함한 결과 3건" in total and "일부만 포함한 결과 6건 보기" in total
    link = re.search(r'href="([^"]+)" data-testid="search-partial-link"', total).group(1)
    assert "match=any" in link
    # The six with some of the words sit below a heading of their own.
    assert html.index('data-testid="search-partial-heading"') > html.rindex("금강침탄")

    others = client.get("/search/" + link.replace("&amp;", "&")).content.decode()
    total = others.split('data-testid="search-total">')[1].split("</p>")[0]
    assert "일부만 포함한 결과 6건" in total and "모든 검색어를 포함한 결과 3건 보기" in total
    assert "금강침탄" not in others and others.count('data-testid="search-hit"') == 6
    assert 'name="match" value="any"' in others  # the facets keep to the same results


def test_the_page_says_when_no_result_has_every_word(client, carburizing):
    html = client.get("/search/", {"q": "SCM440 분체도장"}).content.decode()
    assert "모든 검색어를 포함한 결과가 없어 일부만 포함한 결과 8건을 보여 줍니다." in html
    assert 'data-testid="search-partial-heading"' not in html  # the whole list is partial, said above


@pytest.mark.parametrize("match", ["some", "", "any\x00"])
def test_the_page_reads_an_unknown_match_as_every_word(client, carburizing, match):
    response = client.get("/search/", {"q": "SCM440 침탄", "match": match})
    assert response.status_code == 200
    assert "모든 검색어를 포함한 결과 3건" in response.content.decode()


# --- 3. a typo is mended to the spelling with more evidence ------------------------------------------


def spelled(spelling, count, **fields):
    """`count` companies whose products name die casting in this spelling (their process says
    gravity casting, so the process name adds no spelling of its own)."""
    for number in range(count):
        company(f"{spelling}업체{number}", f"아연 {spelling} 부품", "casting.gravity", **fields)


def test_a_typo_is_mended_to_the_spelling_most_documents_use(db):
    others()
    spelled("다이캐스팅", 3)
    spelled("다이캐스트", 1)
    index_rebuild()
    # 다이캐스탱 is one letter from both; 다이캐스트 comes first alphabetically, 다이캐스팅 in more documents.
    result = search(query="다이캐스탱")
    assert result.corrected == "다이캐스팅" and result.total == 4


def test_the_evidence_decides_not_the_alphabet(db):
    others()
    spelled("다이캐스팅", 1)
    spelled("다이캐스트", 3)
    index_rebuild()
    assert search(query="다이캐스탱").corrected == "다이캐스트"


def test_documents_the_caller_may_not_see_are_no_evidence(db):
    others()
    spelled("다이캐스팅", 2)
    spelled("다이캐스트", 5, is_public=False)
    spelled("다이캐스트", 1)
    index_rebuild()
    assert search(query="다이캐스탱").corrected == "다이캐스팅"


def test_a_synonym_no_document_writes_is_mended_to_by_its_concept(db):
    others()
    company("진성표면처리", "알루미늄 아노다이징", "surface-treatment.anodizing")
    index_rebuild()
    # 양극산하 is one letter from 양극산화, which no document writes; they write 아노다이징, its synonym.
    result = search(query="양극산하")
    assert result.corrected == "양극산화" and titles(result) == ["진성표면처리"]


def test_a_typo_with_no_evidence_is_left_alone(db):
    others()
    index_rebuild()
    result = search(query="다이캐스탱")
    assert result.corrected == "" and result.total == 0


def test_a_common_spelling_is_counted_from_a_sample_of_the_index(db, monkeypatch):
    from ppuri.search import engine, tags, typos
    from ppuri.search.models import SearchDocument

    # Two buckets, and any spelling in more than one document counts as common.
    monkeypatch.setattr(tags, "BUCKETS", 2)
    monkeypatch.setattr(engine, "BUCKETS", 2)
    monkeypatch.setattr(typos, "BUCKETS", 2)
    monkeypatch.setattr(typos, "EVIDENCE_SAMPLE", 1)
    others()
    spelled("다이캐스팅", 12)
    index_rebuild()
    match = engine.Match([[["다이캐스팅"]]], query_text="", mode="all", filters={})
    in_first = SearchDocument.objects.filter(bucket=0, body__contains="다이캐스팅").count()
    assert 0 < in_first < 12  # the sample is the first bucket: half the index, give or take
    assert typos.evidence(match) == in_first * 2
    assert search(query="다이캐스탱").corrected == "다이캐스팅"
