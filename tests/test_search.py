"""Search over the registry: Korean morphology, synonyms across scripts, facets, the API, staying in step."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from ppuri.reference.models import Complex, Material, Process
from ppuri.registry import services
from ppuri.search.models import SearchDocument
from ppuri.search.selectors import search
from ppuri.search.services import index_rebuild
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db


def company(name, products, process, complex_slug="namdong", material=None, **fields):
    organization = OrganizationFactory(name=name, products=products, **fields)
    SiteFactory(organization=organization, complex=Complex.objects.get(slug=complex_slug))
    capability = CapabilityFactory(organization=organization, process=Process.objects.get(slug=process))
    if material:
        capability.materials.set([Material.objects.get(slug=material)])
    return organization


@pytest.fixture
def registry():
    companies = {
        "caster": company(
            "대흥다이캐스팅", "알루미늄 다이캐스팅 로봇 하우징", "casting.die-casting", material="aluminum"
        ),
        "mold": company("한일금형", "다이캐스팅 금형 제작", "mold.die-casting-mold", complex_slug="bupyeong"),
        "anodizer": company(
            "진성표면처리", "알루미늄 피막처리", "surface-treatment.anodizing", complex_slug="juan"
        ),
        "heat": company("동진열처리", "침탄 열처리, 고주파 열처리", "heat-treatment.carburizing"),
        "private": company("비공개주조", "다이캐스팅", "casting.die-casting", is_public=False),
    }
    index_rebuild()
    return companies


def titles(result):
    return [hit.title for hit in result.hits]


def test_korean_query_with_particles_finds_the_company(registry):
    assert titles(search(query="열처리를 잘하는 곳"))[:1] == ["동진열처리"]


def test_english_query_finds_the_korean_company(registry):
    result = search(query="aluminum die casting")
    assert titles(result)[0] == "대흥다이캐스팅"
    assert "다이캐스팅" in result.hits[0].reasons


@pytest.mark.parametrize("query", ["아노다이징", "양극산화", "anodizing"])
def test_synonyms_across_scripts_find_the_anodizer(registry, query):
    assert titles(search(query=query)) == ["진성표면처리"]


def test_a_die_caster_ranks_above_a_die_casting_mold_maker(registry):
    found = titles(search(query="다이캐스팅"))
    assert found.index("대흥다이캐스팅") < found.index("한일금형")


def test_private_companies_are_not_found(registry):
    assert "비공개주조" not in titles(search(query="다이캐스팅"))


def test_facets_count_and_narrow(registry):
    result = search(query="다이캐스팅")
    assert result.facets["complex"] == {"namdong": 1, "bupyeong": 1}
    narrowed = search(query="다이캐스팅", filters={"complex": ["bupyeong"]})
    assert titles(narrowed) == ["한일금형"]


def test_a_filtered_facet_keeps_counting_its_other_values(registry):
    narrowed = search(query="다이캐스팅", filters={"complex": ["bupyeong"]})
    assert narrowed.total == 1
    # The complex facet counts as if no complex were chosen, so the reader can switch or widen;
    # the other facets count only what is shown.
    assert narrowed.facets["complex"] == {"namdong": 1, "bupyeong": 1}
    assert narrowed.facets["technology"] == {"mold": 1}


def test_values_of_two_facets_narrow_together_and_values_of_one_facet_widen(registry):
    both = search(query="다이캐스팅", filters={"complex": ["namdong", "bupyeong"]})
    assert sorted(titles(both)) == ["대흥다이캐스팅", "한일금형"]
    assert titles(search(query="다이캐스팅", filters={"complex": ["namdong"], "technology": ["mold"]})) == []


def test_filter_values_cannot_reach_the_query_language(registry):
    for value in ['"x" OR *', "namdong' | 'juan", "남동\\"]:
        assert search(query="다이캐스팅", filters={"complex": [value]}).total == 0


def test_results_are_counted_per_type_and_narrowed_to_one(registry):
    result = search(query="다이캐스팅")
    assert result.types == {"company": 2}
    assert search(query="다이캐스팅", doc_type="company").total == 2
    other = search(query="다이캐스팅", doc_type="article")
    assert other.total == 0 and other.types == {"company": 2}


def test_a_match_larger_than_the_ranking_window_is_ranked_within_an_even_sample(registry, monkeypatch):
    from ppuri.search import engine, tags

    # Two buckets and a window of four, so that 42 documents are "too many".
    monkeypatch.setattr(tags, "BUCKETS", 2)
    monkeypatch.setattr(engine, "BUCKETS", 2)
    monkeypatch.setattr(engine, "RANK_WINDOW", 4)
    monkeypatch.setattr(engine, "FILTERED_SAMPLE_MIN", 5)
    index_rebuild()
    result = search(query="알루미늄")  # the die caster and the anodizer
    assert result.total == 2 and not result.approximate
    for number in range(40):
        company(f"한빛주조{number}", "알루미늄 중력 주조", "casting.gravity", complex_slug="seobu")
    index_rebuild()
    result = search(query="알루미늄")
    assert result.approximate
    # Exact on SQLite (counting is cheap); scaled from the sample on PostgreSQL.
    assert result.total == 42 if not result.estimated_total else 20 <= result.total <= 64
    in_sample = SearchDocument.objects.filter(bucket=0, title__in=titles(result))
    assert 0 < len(result.hits) == in_sample.count()  # ranked within the first bucket only
    assert titles(search(query="알루미늄")) == titles(result)  # the same sample every time
    # Filters on such a match run inside the engine: exact again when the filtered match is small.
    narrowed = search(query="알루미늄", filters={"complex": ["namdong", "juan"]})
    assert sorted(titles(narrowed)) == ["대흥다이캐스팅", "진성표면처리"] and narrowed.total == 2
    assert narrowed.facets["technology"] == {"casting": 1, "surface-treatment": 1}
    assert narrowed.facets["complex"]["seobu"] > 0  # the filtered facet counts the wider match
    # A broad filter on it: ranked within the sample's share, the total estimated from it.
    monkeypatch.setattr(engine, "FILTERED_SAMPLE_MIN", 1)
    broad = search(query="알루미늄", filters={"complex": ["seobu"]})
    assert broad.estimated_total and broad.approximate
    assert all(title.startswith("한빛주조") for title in titles(broad))


def test_a_new_capability_is_findable_right_after_the_save(registry, operator):
    assert "동진열처리" not in titles(search(query="진공 열처리"))
    services.capability_create(
        actor=operator,
        organization=registry["heat"],
        process=Process.objects.get(slug="heat-treatment.vacuum"),
    )
    assert titles(search(query="진공 열처리"))[0] == "동진열처리"


def test_an_edited_company_is_not_found_by_its_old_words_and_the_engine_keeps_one_entry(registry, operator):
    services.organization_update(actor=operator, organization=registry["anodizer"], products="연마 가공")
    assert "진성표면처리" not in titles(search(query="피막처리"))
    assert titles(search(query="연마")) == ["진성표면처리"]
    # The engine's own index (FTS5 table or tsvector partitions) holds exactly the stored documents.
    table = "search_fts" if connection.vendor == "sqlite" else "search_tsv"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a fixed table name
        assert cursor.fetchone()[0] == SearchDocument.objects.count() == 5


def test_snippets_mark_the_words_and_escape_html(registry, operator):
    services.organization_update(
        actor=operator, organization=registry["caster"], products="<b>로봇</b> 하우징 다이캐스팅"
    )
    hit = search(query="하우징").hits[0]
    assert "&lt;b&gt;" in hit.snippet and "<mark>하우징</mark>" in hit.snippet


def test_api_search_answers_anonymous_callers(client, registry):
    body = client.get("/api/v1/search", {"q": "다이캐스팅", "complex": "namdong"}).json()
    assert body["total"] == 1 and body["results"][0]["title"] == "대흥다이캐스팅"
    # The fields of the first version stay, the honest counts came after (total_all_terms, partial_total).
    assert set(body) == {
        *("query", "total", "took_ms", "partial", "corrected", "results", "facets", "approximate"),
        *("total_all_terms", "partial_total", "match"),
    }
    assert body["facets"]["type"] == {"company": 1} and body["approximate"] is False
    assert set(body["results"][0]) == {
        *("type", "id", "title", "snippet", "score", "url", "reasons"),
        "all_terms",
    }


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "가" * 201}, {"q": "a\x00b"}])
def test_api_search_refuses_empty_or_overlong_queries(client, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422 and "detail" in response.json()


def test_reindex_command_rebuilds(registry):
    out = StringIO()
    call_command("reindex", stdout=out, stderr=StringIO())
    assert "company: 5" in out.getvalue()
    assert titles(search(query="피막처리")) == ["진성표면처리"]


def test_search_page_shows_results_and_keeps_the_query(client, registry):
    html = client.get("/search/", {"q": "양극산화"}).content.decode()
    assert "진성표면처리" in html and 'value="양극산화"' in html


def test_search_page_has_type_tabs_and_pages_that_keep_the_filters(client, registry):
    for number in range(21):
        company(f"가온다이캐스팅{number}", "다이캐스팅", "casting.die-casting")
    index_rebuild()
    html = client.get("/search/", {"q": "다이캐스팅", "complex": "namdong"}).content.decode()
    assert 'data-type="company"' in html and "22" in html  # 21 + 대흥다이캐스팅 in 남동
    assert "complex=namdong" in html.split('data-testid="search-pager"')[1]
    second = client.get("/search/", {"q": "다이캐스팅", "complex": "namdong", "page": 2}).content.decode()
    assert second.count('data-testid="search-hit"') == 2


def test_search_box_is_on_every_page(client, supplier):
    for url in ["/", "/companies/", f"/companies/{supplier.pk}/"]:
        assert 'action="/search/"' in client.get(url).content.decode(), url


@pytest.mark.parametrize("query", ["다이캐스띵", "다이캐스띵을", "anodizng", "침탄 열처라"])
def test_one_typo_in_a_longer_word_is_mended(registry, query):
    result = search(query=query)
    assert result.total >= 1 and result.corrected
    assert result.corrected != query


def test_short_unknown_words_are_not_guessed(registry):
    result = search(query="zz")
    assert result.total == 0 and not result.corrected


def test_search_page_says_which_spelling_it_used(client, registry):
    html = client.get("/search/", {"q": "다이캐스띵"}).content.decode()
    assert 'data-testid="did-you-mean"' in html and "대흥다이캐스팅" in html


def test_a_short_page_of_all_word_matches_is_filled_with_some_word_matches_below(registry):
    result = search(query="다이캐스팅 하우징")
    found = titles(result)
    assert found[0] == "대흥다이캐스팅" and "한일금형" in found[1:]
    assert not result.partial


@pytest.mark.parametrize("query", ["동진열처리", "(주)동진 열처리", "동진 열처리"])
def test_a_company_is_found_first_by_its_name_however_written(registry, query):
    assert titles(search(query=query))[0] == "동진열처리"


def test_scores_rank_a_facet_narrowed_set_on_what_its_filters_do_not_already_say(registry):
    from ppuri.search.analysis import Concept
    from ppuri.search.selectors import scores

    die_casting = {"process": ["casting.die-casting"]}
    known = [Concept("process", "casting.die-casting")]
    request = "알루미늄 다이캐스팅 로봇 하우징"
    found = scores(query=request, doc_type="company", filters=die_casting, known=known)
    # Only public companies with the process, scored by the other words (the mold maker lacks the process).
    assert set(found) == {str(registry["caster"].pk)} and found[str(registry["caster"].pk)] > 0
    # Nothing but the known process and filler (a quantity, a connective): nothing to rank by.
    assert scores(query="다이캐스팅 후 300", doc_type="company", filters=die_casting, known=known) == {}
    assert str(registry["caster"].pk) in scores(query="다이캐스팅", doc_type="company", filters=die_casting)


def test_each_document_carries_the_sample_term_of_every_sample_size_above_its_bucket():
    from ppuri.search.tags import BUCKETS, SAMPLE_SIZES, sample_term, sample_terms

    assert sample_terms(0) == tuple(sample_term(size) for size in SAMPLE_SIZES)
    assert sample_terms(5) == tuple(sample_term(size) for size in (6, 8, 12, 16, 24, 32, 48))
    assert sample_terms(BUCKETS - 1) == ()


def engine_rows():
    table = "search_fts" if connection.vendor == "sqlite" else "search_tsv"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a fixed name
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_no_engine_rows_that_a_search_would_count():
    """The engine's table is no model: without the post_migrate receiver, `flush` (and the teardown of
    every transactional test) left its rows behind, and the next search counted documents it could not
    show (total 1, no hits)."""
    company("고스트열처리", "진공 침탄 열처리", "heat-treatment.carburizing")
    index_rebuild()
    assert search(query="진공 침탄").total == 1 and engine_rows() == SearchDocument.objects.count() > 0
    call_command("flush", interactive=False, verbosity=0)
    assert engine_rows() == 0
    assert search(query="진공 침탄").total == 0


def test_a_rebuild_drops_engine_rows_no_document_holds(registry):
    SearchDocument.objects.filter(title="동진열처리").delete()  # the document row only, as flush does
    assert engine_rows() == SearchDocument.objects.count() + 1
    assert search(query="침탄").total == 1 and search(query="침탄").hits == []
    index_rebuild()
    assert engine_rows() == SearchDocument.objects.count()
    assert titles(search(query="침탄")) == ["동진열처리"]
