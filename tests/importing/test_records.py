import pytest

from ppuri.registry.importing.columns import COLUMNS_5, COLUMNS_35
from ppuri.registry.importing.reading import read_factory_file
from ppuri.registry.importing.records import RowError, build_records
from tests.importing.conftest import SAMPLE_5, SAMPLE_35, csv_text, row_5, row_35

PERSONAL_REASON = "주민등록번호 형식의 값이 있습니다. 개인 식별번호는 받지 않습니다"


def _errors(file) -> list[tuple[int, str, str]]:
    return [(error.line, error.column, error.reason) for error in build_records(file)[1]]


# The samples


def test_35_column_sample_groups_the_rows_of_a_factory():
    records, errors = build_records(read_factory_file(SAMPLE_35))

    assert errors == []
    assert [record.company_name for record in records] == [
        "세광주조(주)",
        "동진열처리",
        "유성도금",
        "한일금형",
        "경인단조(주)",
        "(주)미래산업",
    ]
    kyeongin = records[4]
    assert kyeongin.factory_number == "28200201800005"
    assert kyeongin.ksic_codes == ["25912", "25921"]
    assert kyeongin.ksic_main == "25912"
    assert kyeongin.lines == [6, 7]


def test_35_column_record_fields():
    sekwang = build_records(read_factory_file(SAMPLE_35))[0][0]

    assert sekwang.complex_name == "남동국가산업단지"
    assert sekwang.products == "알루미늄 다이캐스팅 자동차 부품"
    assert sekwang.raw_materials == "알루미늄 합금"
    assert (sekwang.employees, sekwang.employees_male, sekwang.employees_female) == (72, 69, 3)
    assert sekwang.employees_foreign == 2
    assert sekwang.firm_size == "small"
    assert (sekwang.province, sekwang.district) == ("인천광역시", "남동구")
    assert sekwang.address == "인천광역시 남동구 남동대로 233"
    assert sekwang.phone == "032-555-1001"


def test_legacy_ksic_code_is_kept_as_written():
    hanil = build_records(read_factory_file(SAMPLE_35))[0][3]

    assert hanil.ksic_codes == ["29294"]


def test_dash_means_blank_in_free_text():
    dongjin = build_records(read_factory_file(SAMPLE_35))[0][1]

    assert dongjin.raw_materials == ""


def test_5_column_sample_one_record_per_row():
    records, errors = build_records(read_factory_file(SAMPLE_5))

    assert errors == []
    assert len(records) == 6
    mirae = records[5]
    assert (mirae.factory_number, mirae.complex_name, mirae.ksic_codes) == (None, "", [])
    assert (mirae.district, mirae.lines) == ("서구", [7])
    assert mirae.employees is None


# Rows of a factory


def test_rows_of_a_factory_in_any_order_are_grouped_by_order_number(read_rows):
    second = row_35(업종코드="25921", 차수="2")
    file = read_rows([second, row_35(공장관리번호="28200201800099"), row_35()])

    records, errors = build_records(file)

    assert errors == []
    assert [(record.factory_number, record.ksic_codes, record.lines) for record in records] == [
        ("28200201800001", ["24321", "25921"], [2, 4]),
        ("28200201800099", ["24321"], [3]),
    ]


def test_conflicting_company_names_reject_the_factory(read_rows):
    file = read_rows([row_35(), row_35(회사명="세광금속", 차수="2"), row_35(공장관리번호="28200201800099")])

    records, errors = build_records(file)

    assert [record.factory_number for record in records] == ["28200201800099"]
    assert [(error.line, error.column) for error in errors] == [(2, "회사명"), (3, "회사명")]
    assert "28200201800001" in errors[0].reason
    assert "'세광주조(주)', '세광금속'" in errors[0].reason


def test_legal_form_spelling_is_not_a_conflict(read_rows):
    records, errors = build_records(read_rows([row_35(), row_35(회사명="주식회사 세광주조", 차수="2")]))

    assert errors == []
    assert records[0].company_name == "세광주조(주)"


def test_one_bad_row_rejects_the_whole_factory(read_rows):
    file = read_rows([row_35(), row_35(업종코드="2592", 차수="2")])

    records, errors = build_records(file)

    assert records == []
    assert [(error.line, error.column) for error in errors] == [(2, "공장관리번호"), (3, "업종코드")]
    assert errors[0].reason == (
        "같은 공장관리번호 28200201800001의 다른 행(3번째 줄)에 오류가 있어 이 행도 가져오지 않았습니다"
    )


# One rule at a time: the bad row is rejected with its line, column and reason; the good row imports


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"회사명": ""}, "회사명", "회사명이 비어 있습니다"),
        ({"회사명": " - "}, "회사명", "회사명이 비어 있습니다"),
        ({"공장주소": ""}, "공장주소", "공장주소가 비어 있습니다"),
        ({"공장관리번호": ""}, "공장관리번호", "공장관리번호가 비어 있습니다"),
        (
            {"공장관리번호": "123456789"},
            "공장관리번호",
            "공장관리번호 '123456789'는 10~20자리 숫자가 아닙니다",
        ),
        (
            {"공장관리번호": "2820020180000A"},
            "공장관리번호",
            "공장관리번호 '2820020180000A'는 10~20자리 숫자가 아닙니다",
        ),
        (
            {"공장관리번호": "1" * 21},
            "공장관리번호",
            f"공장관리번호 '{'1' * 21}'는 10~20자리 숫자가 아닙니다",
        ),
        ({"업종코드": "2432A"}, "업종코드", "업종코드 '2432A'는 다섯 자리 숫자가 아닙니다"),
        ({"업종코드": "243210"}, "업종코드", "업종코드 '243210'는 다섯 자리 숫자가 아닙니다"),
        ({"대표업종": "C24321"}, "대표업종", "대표업종 'C24321'는 다섯 자리 숫자가 아닙니다"),
        ({"차수": "첫째"}, "차수", "차수 '첫째'는 숫자가 아닙니다"),
        (
            {"종업원합계": "열다섯"},
            "종업원합계",
            "종업원합계 값은 0 이상의 정수여야 합니다(받은 값: '열다섯')",
        ),
        ({"종업원합계": "-3"}, "종업원합계", "종업원합계 값은 0 이상의 정수여야 합니다(받은 값: '-3')"),
        ({"남자종업원": "12.5"}, "남자종업원", "남자종업원 값은 0 이상의 정수여야 합니다(받은 값: '12.5')"),
        (
            {"외국인여자종업원": "1.234"},
            "외국인여자종업원",
            "외국인여자종업원 값은 0 이상의 정수여야 합니다(받은 값: '1.234')",
        ),
    ],
)
def test_bad_row_is_rejected_and_the_good_row_imports(read_rows, changes, column, reason):
    file = read_rows([row_35(공장관리번호="28200201800099"), row_35(**changes)])

    records, errors = build_records(file)

    assert [record.factory_number for record in records] == ["28200201800099"]
    assert errors == [RowError(3, column, reason)]


def test_excel_scientific_factory_number_gets_advice(read_rows):
    errors = build_records(read_rows([row_35(공장관리번호="2.82002E+13")]))[1]

    assert errors[0].column == "공장관리번호"
    assert errors[0].reason.startswith("공장관리번호가 지수 표기('2.82002E+13')로 바뀌어")


def test_every_error_of_a_row_is_reported_once_per_problem(read_rows):
    file = read_rows([row_35(업종코드="2432A", 종업원합계="열다섯", 회사명="")])

    assert [(line, column) for line, column, _ in _errors(file)] == [
        (2, "회사명"),
        (2, "업종코드"),
        (2, "종업원합계"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234", 1234), ("", None), ("-", None), (" 72 ", 72), ("72.0", 72), ("０７２", 72)],
)
def test_employee_counts_accepted(read_rows, value, expected):
    records, errors = build_records(read_rows([row_35(종업원합계=value, 남자종업원="", 여자종업원="")]))

    assert errors == []
    assert records[0].employees == expected


def test_total_employees_from_the_breakdown_when_blank(read_rows):
    record = build_records(read_rows([row_35(종업원합계="")]))[0][0]

    assert record.employees == 72


def test_factory_number_with_hyphens_and_ksic_with_spaces_are_accepted(read_rows):
    records, errors = build_records(read_rows([row_35(공장관리번호="28200-2018-00001", 업종코드=" 243 21")]))

    assert errors == []
    assert (records[0].factory_number, records[0].ksic_codes) == ("28200201800001", ["24321"])


def test_names_and_addresses_are_cleaned(read_rows):
    file = read_rows([row_35(회사명="  세광주조 (주)  ", 공장주소="인천광역시  남동구\n남동대로 233 ")])

    record = build_records(file)[0][0]

    assert (record.company_name, record.address) == ("세광주조 (주)", "인천광역시 남동구 남동대로 233")


@pytest.mark.parametrize(
    ("size", "slug"),
    [("소기업", "small"), ("중기업", "medium"), ("중견기업", "midsize"), ("대기업", "large"), ("", "")],
)
def test_firm_size(read_rows, size, slug):
    assert build_records(read_rows([row_35(공장규모=size)]))[0][0].firm_size == slug


# 주민등록번호


@pytest.mark.parametrize("value", ["900101-1234567", "9001011234567", "900101 2234567", "051231-4123456"])
def test_personal_number_rejects_the_row_without_repeating_it(read_rows, value):
    file = read_rows([row_35(전화번호=value), row_35(공장관리번호="28200201800099")])

    records, errors = build_records(file)

    assert [record.factory_number for record in records] == ["28200201800099"]
    assert errors == [RowError(2, "전화번호", PERSONAL_REASON)]


def test_personal_number_in_a_checked_column_is_not_echoed(read_rows):
    errors = build_records(read_rows([row_35(업종코드="900101-1234567", 종업원합계="900101-1234567")]))[1]

    assert {(error.column, error.reason) for error in errors} == {
        ("업종코드", PERSONAL_REASON),
        ("종업원합계", PERSONAL_REASON),
    }
    assert all("1234567" not in error.reason for error in errors)


@pytest.mark.parametrize("value", ["28200201800001", "2820020181234", "032-555-1001", "901301-1234567"])
def test_numbers_that_are_not_personal(read_rows, value):
    errors = build_records(read_rows([row_35(전화번호=value)]))[1]

    assert errors == []


# Rows the reader flagged


def test_cut_off_row_is_rejected_with_the_truncation_reason(write_text):
    text = csv_text([COLUMNS_5, row_5(), row_5(순번="2")])
    file = read_factory_file(write_text(text[: text.rindex("다이캐스팅")]))

    records, errors = build_records(file)

    assert len(records) == 1
    assert errors == [RowError(3, "", "파일이 행 중간에서 끝났습니다(잘린 파일)")]


def test_cut_off_row_takes_its_factory_with_it(write_text):
    # The file ends inside the second 업종 row of 세광주조, before its 공장관리번호: the factory is not
    # imported with half its 업종; the factory above it is unaffected.
    other = row_35(공장관리번호="28200201800099", 회사명="동진열처리")
    text = csv_text([COLUMNS_35, other, row_35(), row_35(업종코드="25921", 차수="2")])
    file = read_factory_file(write_text(text[: text.rindex("남동대로")]))

    records, errors = build_records(file)

    assert [record.factory_number for record in records] == ["28200201800099"]
    assert [(error.line, error.column) for error in errors] == [(3, "공장관리번호"), (4, "")]
    assert errors[1].reason == "파일이 행 중간에서 끝났습니다(잘린 파일)"


def test_misaligned_row_is_rejected(write_text):
    file = read_factory_file(write_text(csv_text([COLUMNS_5, [*row_5(), "남는 값"], row_5(순번="2")])))

    records, errors = build_records(file)

    assert len(records) == 1
    assert errors == [
        RowError(
            2,
            "",
            "열 개수가 머리글과 다릅니다(머리글 5개, 이 행 6개). 쉼표가 들어간 값은 큰따옴표로 감싸야 합니다",
        )
    ]


def test_5_column_rules(read_rows):
    file = read_rows(
        [row_5(회사명=""), row_5(공장주소="  "), row_5(생산품="900101-1234567"), row_5(회사명="동진열처리")],
        columns=COLUMNS_5,
    )

    records, errors = build_records(file)

    assert [record.company_name for record in records] == ["동진열처리"]
    assert [(error.line, error.column) for error in errors] == [(2, "회사명"), (3, "공장주소"), (4, "생산품")]


@pytest.mark.parametrize(
    ("address", "province", "district"),
    [
        ("인천광역시 남동구 남동대로 233", "인천광역시", "남동구"),
        ("인천 서구 가좌로 58", "인천", "서구"),
        ("인천광역시 강화군 강화읍 1", "인천광역시", "강화군"),
        ("경기도 수원시 팔달구 효원로 1", "경기도", "수원시 팔달구"),
        ("경기도 시흥시 정왕동 1", "경기도", "시흥시"),
        ("남동구 고잔로 91", "", "남동구"),
        ("남동대로 233", "", ""),
    ],
)
def test_district_from_the_address_in_the_5_column_layout(read_rows, address, province, district):
    record = build_records(read_rows([row_5(공장주소=address)], columns=COLUMNS_5))[0][0]

    assert (record.province, record.district) == (province, district)


def test_district_column_wins_over_the_address(read_rows):
    record = build_records(read_rows([row_35(시군구명="연수구")]))[0][0]

    assert record.district == "연수구"
