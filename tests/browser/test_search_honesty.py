"""Search says what it found, in the browser (issue 12, item 6): the start of a name typed in the header
box finds the company first; the count is of the results with every word, with the notice and a link to
those with some of the words (and back); a typo is mended to the spelling most documents use, and the
page says which spelling it searched. The companies are those of tests/test_search_honesty.py."""

import pytest
from playwright.sync_api import expect

from ppuri.search.services import index_rebuild
from tests.test_search_honesty import company, others, spelled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search_from_the_header(page, query):
    page.goto("/")
    page.fill("#site-q", query)
    page.press("#site-q", "Enter")


def test_the_start_of_a_name_in_the_header_box_finds_the_company_first(page):
    others()
    company("한결알루미늄주조(주)", "알루미늄 중력 주조", "casting.gravity")
    company("대한결속", "결속선 제조", "forming.drawing")
    index_rebuild()
    search_from_the_header(page, "한결")
    hits = page.get_by_test_id("search-hit")
    expect(hits.first).to_contain_text("한결알루미늄주조")
    hits.first.locator("a.card-title").click()
    expect(page.locator("h1")).to_contain_text("한결알루미늄주조")


def test_the_count_is_of_every_word_and_the_others_are_one_click_away(page):
    others()
    for number in range(3):
        company(f"금강침탄{number}", "SCM440 기어 침탄 열처리", "heat-treatment.carburizing")
    for number in range(4):
        company(f"한빛정밀{number}", "SCM440 샤프트 선삭", "precision-machining.turning", complex_slug="juan")
    index_rebuild()
    search_from_the_header(page, "SCM440 침탄")
    total = page.get_by_test_id("search-total")
    expect(total).to_contain_text("모든 검색어를 포함한 결과 3건")
    expect(total).to_contain_text("일부만 포함한 결과 4건 보기")
    # The three come first; the four with SCM440 alone sit under their own heading.
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(7)
    for index in range(3):
        expect(hits.nth(index)).to_contain_text("금강침탄")
    expect(page.get_by_test_id("search-partial-heading")).to_be_visible()

    page.get_by_test_id("search-partial-link").click()
    expect(page.get_by_test_id("search-total")).to_contain_text("일부만 포함한 결과 4건")
    expect(page.get_by_test_id("search-hit")).to_have_count(4)
    expect(page.get_by_test_id("search-results")).not_to_contain_text("금강침탄")
    page.get_by_test_id("search-all-terms-link").click()
    expect(page.get_by_test_id("search-total")).to_contain_text("모든 검색어를 포함한 결과 3건")


def test_a_typo_is_mended_to_the_spelling_most_companies_use_and_the_page_says_so(page):
    others()
    spelled("다이캐스팅", 3)
    spelled("다이캐스트", 1)
    index_rebuild()
    search_from_the_header(page, "다이캐스탱")
    expect(page.get_by_test_id("did-you-mean")).to_contain_text("다이캐스팅")
    expect(page.get_by_test_id("search-hit")).to_have_count(4)
