"""The analyzer, on the reference vocabulary (synced into the test database after migrate)."""

import pytest

from ppuri.search.analysis import Analyzer, vocabulary_from_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def analyze(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        concepts, words = vocabulary_from_reference()
    return Analyzer(concepts=concepts, dictionary=words).terms


def test_particles_and_endings_fall_away(analyze):
    terms = analyze("열처리를 잘하는 업체")
    assert "열처리" in terms and "업체" in terms and "를" not in terms and "는" not in terms


@pytest.mark.parametrize(
    "spelling",
    ["다이캐스팅", "다이케스팅", "die casting", "Die-Casting", "HPDC", "알루미늄 다이 캐스팅 부품"],
)
def test_every_spelling_of_a_process_gives_the_same_concept(analyze, spelling):
    assert "zzpcastingdiecasting" in analyze(spelling)


@pytest.mark.parametrize("spelling", ["아노다이징", "양극산화", "anodizing", "Anodising", "양극 산화 피막"])
def test_anodizing_synonyms_across_scripts(analyze, spelling):
    assert "zzpsurfacetreatmentanodizing" in analyze(spelling)


def test_domain_compounds_keep_the_compound_and_add_their_parts(analyze):
    terms = analyze("침탄열처리")
    assert "침탄열처리" in terms and {"침탄", "열처리"} <= set(terms)
    assert "zzpheattreatmentcarburizing" in terms


def test_codes_stay_whole_and_in_pieces(analyze):
    terms = analyze("SCM440 샤프트, ADC12 주물")
    assert {"scm440", "scm", "440", "adc12"} <= set(terms)
    assert "zzmalloysteel" in terms


def test_english_is_lower_cased_and_stemmed(analyze):
    assert "cast" in analyze("Castings") and "cast" in analyze("casting")
    assert analyze("WELDING robots")[:2] == ["weld", "robot"]


def test_empty_and_blank_text(analyze):
    assert analyze("") == [] and analyze("   ") == []


def test_ordinary_words_are_not_split(analyze):
    terms = analyze("인천광역시 남동구")
    assert "인천광역시" in terms or "인천" in terms
