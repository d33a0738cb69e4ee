"""The matcher on its own, with a small made-up vocabulary: no database."""

import pytest

from ppuri.core.terms import Squeezed, TermMatcher, fold

MATCHER = TermMatcher(
    [
        ("다이캐스팅", "die-casting"),
        ("다이캐스팅 금형", "die-casting-mold"),
        ("프레스", "stamping"),
        ("프레스 금형", "press-die"),
        ("용사", "thermal-spray"),
        ("용접기", "welding-machine"),
        ("AL", "aluminum"),
        ("동", "copper"),
        ("ADC12", "aluminum"),
        ("침탄 열처리", "carburizing"),
        ("Die Casting", "die-casting"),
        ("프레스", "a second owner of the same spelling"),
    ]
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(match.owner, match.quote) for match in MATCHER.find(Squeezed(text))]


def test_fold():
    assert fold(" Die  Casting ") == "diecasting"
    assert fold("ＡＤＣ１２") == "adc12"


@pytest.mark.parametrize(
    "text", ["다이캐스팅", "다이 캐스팅", "알루미늄다이캐스팅부품", "DIE CASTING", "diecasting"]
)
def test_spacing_and_case_do_not_matter(text):
    assert [owner for owner, _ in _found(text)] == ["die-casting"]


def test_quote_keeps_the_spacing_as_written():
    assert _found("침탄열처리, 침탄 열처리") == [
        ("carburizing", "침탄열처리"),
        ("carburizing", "침탄 열처리"),
    ]


def test_the_longest_term_wins():
    assert _found("다이캐스팅 금형") == [("die-casting-mold", "다이캐스팅 금형")]
    assert _found("자동차 프레스 금형, 프레스 부품") == [("press-die", "프레스 금형"), ("stamping", "프레스")]


def test_the_first_owner_keeps_a_spelling():
    assert _found("프레스") == [("stamping", "프레스")]


def test_a_match_across_a_space_must_touch_a_word_edge():
    assert _found("산업용 사다리") == []
    assert _found("금속 용사 코팅") == [("thermal-spray", "용사")]


def test_a_match_across_a_space_that_ends_inside_a_word_takes_more_than_its_first_syllable():
    assert _found("용접 기공이 생김") == []  # 용접 + 기공, not a 용접기
    assert _found("용접 기계") == []
    assert _found("다이 캐스팅업체") == [("die-casting", "다이 캐스팅")]
    assert _found("용접기 수리") == [("welding-machine", "용접기")]


def test_latin_terms_are_whole_latin_words():
    assert _found("METAL 부품") == []
    assert _found("AL 판재, AL판재") == [("aluminum", "AL"), ("aluminum", "AL")]
    assert _found("ADC12재 부품") == [("aluminum", "ADC12")]


def test_one_syllable_korean_terms_are_whole_words():
    assert _found("자동차 부품, 남동구") == []
    assert _found("동, 황동") == [("copper", "동")]


# may_occur must never say no where find() finds something: texts near every rule of accepts().
MAY_OCCUR_TEXTS = [
    "다이캐스팅", "다이 캐스팅 금형", "산업용 사다리", "용접 기공", "용접기", "METAL", "al 6061", "AL-6061",
    "동", "동 파이프", "(동)", "동,니켈", "남동구 고잔동", "구리·동", "ＡＤＣ１２", "adc 12", "침탄  열처리",
    "Die-Casting", "STRAẞE 동", "ß동", "", "   ", "인천광역시 남동구 남동대로 123",
]  # fmt: skip


@pytest.mark.parametrize("text", MAY_OCCUR_TEXTS)
def test_may_occur_never_hides_a_match(text):
    if MATCHER.find(Squeezed(text)):
        assert MATCHER.may_occur(text)


@pytest.mark.parametrize("text", ["인천광역시 남동구 고잔동 123", "대성정밀(주)", "김치, 반찬류", "동구"])
def test_may_occur_rules_out_texts_without_a_term(text):
    """남동구 and 동구 hold 동 inside a word, which accepts() refuses: no reason to look closer."""
    assert not MATCHER.find(Squeezed(text))
    assert not MATCHER.may_occur(text)


def test_may_occur_looks_closer_at_a_one_syllable_word_and_a_term_across_spaces():
    assert MATCHER.may_occur("구리 동 파이프")
    assert MATCHER.may_occur("다이 캐스팅")
