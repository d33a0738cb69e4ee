import dataclasses

import pytest

from ppuri.registry.importing.classify import Inference, Vocabulary, classify
from ppuri.registry.importing.reading import read_factory_file
from ppuri.registry.importing.records import FactoryRecord, build_records
from tests.importing.conftest import SAMPLE_5, SAMPLE_35

pytestmark = pytest.mark.django_db

BLANK = FactoryRecord(
    factory_number=None,
    company_name="테스트(주)",
    complex_name="",
    products="",
    raw_materials="",
    ksic_codes=[],
    ksic_main="",
    employees=None,
    employees_male=None,
    employees_female=None,
    employees_foreign=None,
    firm_size="",
    province="인천광역시",
    district="남동구",
    address="인천광역시 남동구 남동대로 1",
    address_lot="",
    phone="",
    lines=[2],
)


@pytest.fixture
def vocabulary():
    return Vocabulary.load()


def _classify(vocabulary, **fields) -> list[Inference]:
    return classify(dataclasses.replace(BLANK, **fields), vocabulary)


def _processes(inferences: list[Inference]) -> list[tuple[str, str | None]]:
    return [(inference.technology, inference.process) for inference in inferences]


def test_vocabulary_is_loaded_once_and_classification_does_no_queries(vocabulary, django_assert_num_queries):
    records = build_records(read_factory_file(SAMPLE_35))[0]

    with django_assert_num_queries(0):
        for record in records:
            classify(record, vocabulary)


# From the products text


@pytest.mark.parametrize(
    ("products", "expected"),
    [
        ("알루미늄 다이캐스팅 부품", [("casting", "casting.die-casting")]),
        ("알루미늄 양극산화 피막처리", [("surface-treatment", "surface-treatment.anodizing")]),
        (
            "침탄 열처리, 고주파 열처리",
            [
                ("heat-treatment", "heat-treatment.carburizing"),
                ("heat-treatment", "heat-treatment.induction"),
            ],
        ),
        ("자동차 프레스 금형", [("mold", "mold.press-die")]),
        ("열간 단조 플랜지", [("forming", "forming.hot-forging")]),
        ("다이캐스팅 금형", [("mold", "mold.die-casting-mold")]),
        ("알루미늄다이캐스팅자동차부품", [("casting", "casting.die-casting")]),
    ],
)
def test_processes_from_products(vocabulary, products, expected):
    assert _processes(_classify(vocabulary, products=products)) == expected


def test_reason_names_the_products_and_the_words(vocabulary):
    [inference] = _classify(vocabulary, products="알루미늄 다이캐스팅 자동차 부품")

    assert inference.reason == "생산품 '알루미늄 다이캐스팅 자동차 부품'에서 '다이캐스팅'"


def test_one_process_named_twice_is_one_inference(vocabulary):
    [inference] = _classify(vocabulary, products="아연 도금, 니켈 도금")

    assert inference.process == "surface-treatment.electroplating"
    assert inference.reason == "생산품 '아연 도금, 니켈 도금'에서 '아연 도금', '니켈 도금'"


def test_a_mold_term_wins_over_the_process_the_mold_serves(vocabulary):
    assert _processes(_classify(vocabulary, products="프레스용 금형")) == [("mold", None)]
    # In separate items both stand: the company presses parts and makes dies.
    assert _processes(_classify(vocabulary, products="프레스 부품, 금형")) == [
        ("mold", None),
        ("forming", "forming.stamping"),
    ]


def test_a_mold_term_does_not_hide_other_technologies(vocabulary):
    assert _processes(_classify(vocabulary, products="금형 열처리")) == [
        ("mold", None),
        ("heat-treatment", None),
    ]


def test_a_technology_name_alone_gives_the_technology(vocabulary):
    [inference] = _classify(vocabulary, products="자동차부품, 금형")

    assert (inference.technology, inference.process, inference.materials) == ("mold", None, [])
    assert inference.reason == "생산품 '자동차부품, 금형'에서 '금형'"


def test_a_technology_name_beside_one_of_its_processes_adds_nothing(vocabulary):
    assert _processes(_classify(vocabulary, products="금속 열처리(침탄)")) == [
        ("heat-treatment", "heat-treatment.carburizing")
    ]


def test_a_material_name_is_not_read_as_a_technology(vocabulary):
    assert _classify(vocabulary, products="금형강 판매") == []


@pytest.mark.parametrize("products", ["김치, 반찬류", "자동차 서스펜션 부품", "남동구 소재 업체", ""])
def test_products_without_a_root_process(vocabulary, products):
    assert _classify(vocabulary, products=products) == []


# Materials


def test_materials_usual_for_the_process(vocabulary):
    [inference] = _classify(vocabulary, products="알루미늄 다이캐스팅 부품", raw_materials="ADC12")

    assert inference.materials == ["aluminum"]


def test_materials_from_designations_and_synonyms(vocabulary):
    inferences = _classify(
        vocabulary, products="SCM440 볼트 침탄, SUS304 레이저 용접", raw_materials="탄소강, 스테인리스"
    )

    assert {inference.process: inference.materials for inference in inferences} == {
        "heat-treatment.carburizing": ["carbon-steel", "alloy-steel"],
        "welding.laser": ["stainless-steel", "carbon-steel"],
    }


def test_a_process_none_of_whose_usual_materials_is_named_gets_all_of_them(vocabulary):
    [inference] = _classify(vocabulary, products="사출 성형", raw_materials="알루미늄")

    assert (inference.process, inference.materials) == ("injection-press.injection-molding", ["aluminum"])


def test_materials_follow_the_vocabulary(vocabulary):
    [inference] = _classify(vocabulary, products="아연 도금, 니켈 도금", raw_materials="아연, 니켈")

    # "니켈" alone is not a spelling of nickel-alloy in reference/data/materials.toml.
    assert inference.materials == ["zinc"]


# From KSIC codes


def test_ksic_code_backs_up_the_text(vocabulary):
    [inference] = _classify(vocabulary, products="알루미늄 다이캐스팅 자동차 부품", ksic_codes=["24321"])

    assert inference.process == "casting.die-casting"
    assert inference.reason == (
        "생산품 '알루미늄 다이캐스팅 자동차 부품'에서 '다이캐스팅'; "
        "KSIC 24321 알루미늄주물 주조업 (미확인 매핑, 신뢰도 높음)"
    )


def test_ksic_code_without_a_text_process_gives_the_technology(vocabulary):
    inferences = _classify(vocabulary, products="기어 소재", ksic_codes=["25912", "25921"], ksic_main="25912")

    assert inferences == [
        Inference("forming", None, [], "KSIC 25912 금속 단조제품 제조업 (미확인 매핑, 신뢰도 높음)"),
        Inference("heat-treatment", None, [], "KSIC 25921 금속 열처리업 (미확인 매핑, 신뢰도 높음)"),
    ]


def test_legacy_code_29294_is_read_as_29293(vocabulary):
    [inference] = _classify(vocabulary, ksic_codes=["29294"])

    assert (inference.technology, inference.process) == ("mold", None)
    assert inference.reason.startswith("KSIC 29294(9차 개정 코드, 29293(으)로 봄) 주형 및 금형 제조업")


def test_rev10_only_code(vocabulary):
    [inference] = _classify(vocabulary, ksic_codes=["24322"])

    assert inference.technology == "casting"


def test_equipment_code_says_so(vocabulary):
    [inference] = _classify(vocabulary, ksic_codes=["29230"])

    assert (
        inference.reason
        == "KSIC 29230 금속 주조 및 기타 야금용 기계 제조업 (장비 제조, 미확인 매핑, 신뢰도 중간)"
    )


@pytest.mark.parametrize("code", ["10799", "99999"])
def test_codes_outside_the_mapping_give_nothing(vocabulary, code):
    assert _classify(vocabulary, products="김치, 반찬류", ksic_codes=[code], ksic_main=code) == []


# The samples, end to end


def test_35_column_sample(vocabulary):
    records = build_records(read_factory_file(SAMPLE_35))[0]

    result = {record.company_name: _processes(classify(record, vocabulary)) for record in records}

    assert result == {
        "세광주조(주)": [("casting", "casting.die-casting")],
        "동진열처리": [
            ("heat-treatment", "heat-treatment.carburizing"),
            ("heat-treatment", "heat-treatment.induction"),
        ],
        "유성도금": [("surface-treatment", "surface-treatment.electroplating")],
        "한일금형": [("mold", "mold.press-die")],
        "경인단조(주)": [("forming", "forming.hot-forging"), ("heat-treatment", None)],
        "(주)미래산업": [],
    }


def test_5_column_sample_classifies_from_text_alone(vocabulary):
    records = build_records(read_factory_file(SAMPLE_5))[0]

    inferences = [classify(record, vocabulary) for record in records]

    assert [len(found) for found in inferences] == [1, 2, 1, 1, 1, 0]
    assert all("KSIC" not in inference.reason for found in inferences for inference in found)


def test_classification_is_deterministic(vocabulary):
    record = dataclasses.replace(
        BLANK, products="고주파 열처리, 다이캐스팅, 침탄, 프레스 금형", ksic_codes=["25921", "24321", "29293"]
    )

    first = classify(record, vocabulary)

    assert classify(record, Vocabulary.load()) == first
    assert _processes(first) == [
        ("casting", "casting.die-casting"),
        ("mold", "mold.press-die"),
        ("heat-treatment", "heat-treatment.carburizing"),
        ("heat-treatment", "heat-treatment.induction"),
    ]
    assert len({inference.process for inference in first}) == len(first)
