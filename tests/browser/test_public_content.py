"""Public content in the browser (issue 12, item 7): the knowledge page lists what was published and
opens it; a complex page gives its figures in Korean units, its sources as titled, dated links, and
says in plain words which figures could not be confirmed."""

import pytest
from playwright.sync_api import expect

from ppuri.knowledge import services as knowledge
from ppuri.reference.models import ComplexFact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_knowledge_page_lists_a_published_guide_and_opens_it(page, operator):
    knowledge.article_create(
        actor=operator,
        kind="guide",
        title="진공 침탄 입문",
        body="진공 침탄은 저압의 탄화수소 가스로 침탄하는 열처리입니다.",
        audience="public",
    )
    knowledge.article_create(
        actor=operator, kind="guide", title="회원 전용 담금질 노트", body="회원만", audience="members"
    )
    page.goto("/knowledge/")
    expect(page.locator("main")).to_contain_text("진공 침탄 입문")
    expect(page.locator("main")).not_to_contain_text("회원 전용 담금질 노트")  # anonymous visitor
    page.get_by_role("link", name="진공 침탄 입문").click()
    expect(page.locator("main")).to_contain_text("저압의 탄화수소 가스")


def test_a_complex_page_speaks_in_korean_units_links_its_sources_and_flags_what_is_unconfirmed(page):
    page.goto("/complexes/namdong/")
    main = page.locator("main")
    output = page.locator('tr[data-metric="output_krw"][data-as-of="2020"]')
    expect(output).to_contain_text("26.8조 원")
    expect(main).not_to_contain_text("26,800,000,000,000")
    # A source is a link with its title and date, not a bare address.
    source = page.locator('tr[data-metric="companies"][data-as-of="2024-09"] a[rel~="external"]')
    expect(source).to_have_text("동아일보, 「남동산업단지 입주기업, 최근 4년간 꾸준히 늘어」")
    assert source.get_attribute("href", timeout=5_000).startswith("http")
    expect(page.locator('tr[data-metric="companies"][data-as-of="2024-09"]')).to_contain_text("2025-02-17")
    # Unconfirmed figures say so in words, confirmed ones do not.
    for fact in ComplexFact.objects.filter(complex__slug="namdong"):
        row = page.locator(f'tr[data-metric="{fact.metric}"][data-as-of="{fact.as_of}"]')
        if fact.verified:
            expect(row).not_to_contain_text("확인되지 않은 수치")
        else:
            expect(row).to_contain_text("확인되지 않은 수치")
