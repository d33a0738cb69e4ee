"""A complex's page for citizens: figures in Korean units, sources as titled links with dates,
unverified figures said in plain words, no research notes."""

from decimal import Decimal

import pytest

from ppuri.core.text import english_won, korean_count, korean_with_counter, korean_won


@pytest.mark.parametrize(
    ("amount", "korean", "english"),
    [
        (26_800_000_000_000, "26.8조 원", "KRW 26.8 trillion"),
        (Decimal("26833500000000.00"), "26.8조 원", "KRW 26.8 trillion"),
        (4_100_000_000_000, "4.1조 원", "KRW 4.1 trillion"),
        (1_000_000_000_000, "1조 원", "KRW 1 trillion"),
        (123_400_000_000, "1,234억 원", "KRW 123.4 billion"),
        (999_960_000_000, "1조 원", "KRW 1 trillion"),  # 9,999.6억 is 1조, not 1만억
        (45_000_000, "4,500만 원", "KRW 45 million"),
        (99_996_000, "1억 원", "KRW 100 million"),
        (9_999, "9,999 원", "KRW 9,999"),
        (0, "0 원", "KRW 0"),
        (-5_000_000_000, "-50억 원", "KRW -5 billion"),
    ],
)
def test_money_in_korean_and_english_units(amount, korean, english):
    assert korean_won(amount) == korean
    assert english_won(amount) == english


@pytest.mark.parametrize(
    ("count", "number", "people"),
    [
        (102_791, "10만 2,791", "10만 2,791명"),
        (120_000, "12만", "12만 명"),
        (12_000, "1만 2,000", "1만 2,000명"),
        (8_034, "8,034", "8,034명"),
        (9_574_000, "957만 4,000", "957만 4,000명"),
        (123_456_789, "1억 2,345만 6,789", "1억 2,345만 6,789명"),
        (100_000_000, "1억", "1억 명"),
        (Decimal("938624.00"), "93만 8,624", "93만 8,624명"),
        (0, "0", "0명"),
    ],
)
def test_counts_in_man_and_eok_groups(count, number, people):
    assert korean_count(count) == number
    assert korean_with_counter(count, "명") == people


# --- the page -------------------------------------------------------------------------------------

RESEARCH_SHORTHAND = ("domain-facts", "§", "❌", "◐", "numbers not read", "미확인")


def _rows(html: str) -> dict[tuple[str, str], str]:
    """The facts table's rows by (metric, as_of)."""
    rows = {}
    for chunk in html.split('<tr data-metric="')[1:]:
        metric, _, rest = chunk.partition('" data-as-of="')
        as_of, _, rest = rest.partition('"')
        rows[(metric, as_of)] = rest.split("</tr>")[0]
    return rows


@pytest.mark.django_db
def test_a_complex_page_shows_figures_in_korean_units_with_dated_titled_sources(client):
    from ppuri.reference.models import ComplexFact

    html = client.get("/complexes/namdong/").content.decode()

    rows = _rows(html)
    assert len(rows) == ComplexFact.objects.filter(complex__slug="namdong").count()
    assert "26.8조 원" in rows[("output_krw", "2020")] and "32.7조 원" in rows[("output_krw", "2023")]
    assert "8,034곳" in rows[("companies", "2024-09")]
    assert "10만 2,791명" in rows[("workers", "2018-07")]
    assert "957만 4,000m²" in rows[("area_m2", "2022-02")] and "㎡" not in rows[("area_m2", "2022-02")]
    assert "26,800,000,000,000" not in html and "26800000000000" not in html
    # Sources: clickable, titled, dated (or saying the page shows no date).
    donga = rows[("companies", "2024-09")]
    assert (
        '<a href="http://faq.donga.com/NEWS/Society/3/all/20250217/131048395/2" rel="external noopener">'
        "동아일보, 「남동산업단지 입주기업, 최근 4년간 꾸준히 늘어」</a> <small>(2025-02-17)</small>"
    ) in donga
    assert "(게시일 표시 없음)" in rows[("companies", "2022-02")]  # the KOTRA page shows no date
    for shorthand in RESEARCH_SHORTHAND:
        assert shorthand not in html.split("<h2>", 2)[-1], shorthand


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["namdong", "juan", "bupyeong", "seobu"])
def test_unverified_figures_are_flagged_in_plain_words_and_only_they(client, slug):
    from ppuri.reference.models import ComplexFact

    rows = _rows(client.get(f"/complexes/{slug}/").content.decode())

    facts = ComplexFact.objects.filter(complex__slug=slug)
    for fact in facts:
        row = rows[(fact.metric, fact.as_of)]
        assert ("확인되지 않은 수치" in row) is not fact.verified, (slug, fact.metric, fact.as_of)
        if not fact.verified:
            assert fact.note_ko and fact.note_ko in row  # the note says why
    assert any(not fact.verified for fact in facts) is (slug != "bupyeong")


@pytest.mark.django_db
def test_the_complex_page_in_english_uses_english_units_and_titles(client):
    client.cookies["django_language"] = "en"

    html = client.get("/complexes/namdong/").content.decode()

    rows = _rows(html)
    assert "KRW 26.8 trillion" in rows[("output_krw", "2020")]
    assert (
        "102,791 people" in rows[("workers", "2018-07")] and "8,034 firms" in rows[("companies", "2024-09")]
    )
    assert "Dong-A Ilbo, 「Namdong complex: tenant firms up steadily over four years」" not in html
    assert "Dong-A Ilbo, “Namdong complex: tenant firms up steadily over four years”" in html
    assert "A figure we could not confirm" in html


@pytest.mark.django_db
def test_every_figure_has_a_web_source_with_a_title_and_notes_without_research_shorthand():
    from ppuri.reference.models import ComplexFact

    facts = list(ComplexFact.objects.all())
    assert len(facts) >= 35
    for fact in facts:
        assert fact.sources, fact
        for source in fact.sources:
            assert source["url"].startswith(("http://", "https://")) and source["title_ko"]
            assert source["published"] == "" or len(source["published"]) == 10
        for shorthand in RESEARCH_SHORTHAND:
            assert shorthand not in fact.note_ko + fact.note_en, (fact, shorthand)


@pytest.mark.django_db
def test_the_api_gives_the_sources_and_no_research_notes(client):
    body = client.get("/api/v1/complexes").json()

    facts = [fact for complex_ in body for fact in complex_["facts"]]
    assert all(fact["sources"] and fact["source"] for fact in facts)
    assert not any("domain-facts" in fact["source"] or "§" in fact["source"] for fact in facts)
    namdong_2024 = next(
        fact for fact in body[0]["facts"] if fact["metric"] == "companies" and fact["as_of"] == "2024-09"
    )
    assert namdong_2024["sources"][0]["published"] == "2025-02-17"


def test_a_figure_without_a_known_source_is_refused_when_the_data_is_read():
    from ppuri.reference.services import _fact_sources

    fact = {"metric": "companies", "as_of": "2024-09", "sources": ["nowhere"]}
    with pytest.raises(ValueError, match="unknown source 'nowhere'"):
        _fact_sources(fact, {}, complex_slug="namdong")
    with pytest.raises(ValueError, match="needs at least one source"):
        _fact_sources({**fact, "sources": []}, {}, complex_slug="namdong")
    no_address = {"publisher_ko": "", "publisher_en": "", "title_ko": "t", "title_en": "", "published": ""}
    with pytest.raises(ValueError, match="no web address"):
        _fact_sources(
            {**fact, "sources": ["a"]}, {"a": {**no_address, "url": "domain-facts §3.1"}}, complex_slug="x"
        )
