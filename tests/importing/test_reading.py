import codecs
import zipfile
from pathlib import Path

import pytest

from ppuri.registry.importing.columns import COLUMNS_5, COLUMNS_35
from ppuri.registry.importing.reading import FactoryFile, UnreadableFileError, read_factory_file
from tests.importing.conftest import SAMPLE_5, SAMPLE_35, Cell, csv_text, row_5, row_35, sample_rows

ROWS_35 = sample_rows(SAMPLE_35, "cp949")
ROWS_5 = sample_rows(SAMPLE_5, "utf-8")


def _values(file: FactoryFile) -> list[dict[str, str]]:
    return [row.values for row in file.rows]


# The two samples, as published


def test_35_column_cp949_sample():
    file = read_factory_file(SAMPLE_35)

    assert (file.name, file.layout, file.encoding, file.truncated) == (
        SAMPLE_35.name,
        "kicox-35",
        "cp949",
        False,
    )
    assert [row.line for row in file.rows] == [2, 3, 4, 5, 6, 7, 8]
    assert list(file.rows[0].values) == list(COLUMNS_35)
    assert file.rows[0].values["회사명"] == "세광주조(주)"
    assert file.rows[1].values["생산품"] == "침탄 열처리, 고주파 열처리"
    assert file.rows[5].values["업종코드"] == "25921"


def test_5_column_utf8_sample():
    file = read_factory_file(SAMPLE_5, display_name="전국등록공장현황.csv")

    assert (file.name, file.layout, file.encoding) == ("전국등록공장현황.csv", "kicox-5", "utf-8")
    assert [row.line for row in file.rows] == [2, 3, 4, 5, 6, 7]
    assert file.rows[5].values == {
        "순번": "6",
        "회사명": "(주)미래산업",
        "단지명": "",
        "생산품": "김치, 반찬류",
        "공장주소": "인천광역시 서구 원창로 12",
    }


# Every encoding and XLSX give the same rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
@pytest.mark.parametrize(("rows", "layout"), [(ROWS_35, "kicox-35"), (ROWS_5, "kicox-5")])
def test_csv_encodings_are_detected(write_csv, encoding, rows, layout):
    file = read_factory_file(write_csv(rows, encoding=encoding))

    assert (file.layout, file.encoding) == (layout, encoding)
    assert _values(file) == [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize(("rows", "layout"), [(ROWS_35, "kicox-35"), (ROWS_5, "kicox-5")])
def test_xlsx_gives_the_same_rows_as_csv(write_xlsx, rows, layout):
    file = read_factory_file(write_xlsx(rows))

    assert (file.layout, file.encoding, file.truncated) == (layout, "xlsx", False)
    assert _values(file) == _values(read_factory_file(SAMPLE_35 if layout == "kicox-35" else SAMPLE_5))


def test_xlsx_numbers_come_out_as_a_csv_would_have_them(write_xlsx):
    numeric: list[Cell] = list(row_35())
    numeric[COLUMNS_35.index("업종코드")] = 24321.0
    numeric[COLUMNS_35.index("대표업종")] = 24321
    numeric[COLUMNS_35.index("종업원합계")] = 72.0
    numeric[COLUMNS_35.index("남자종업원")] = 12.5
    numeric[COLUMNS_35.index("공장관리번호")] = 28200201800001

    values = read_factory_file(write_xlsx([COLUMNS_35, numeric])).rows[0].values

    assert values["업종코드"] == "24321"
    assert values["대표업종"] == "24321"
    assert values["종업원합계"] == "72"
    assert values["남자종업원"] == "12.5"
    assert values["공장관리번호"] == "28200201800001"
    assert values["지식산업센터명"] == ""


def test_xlsx_blank_rows_keep_the_row_numbers(write_xlsx):
    rows = [COLUMNS_5, row_5(), [None] * 5, [None] * 5, row_5(순번="2", 회사명="동진열처리")]

    file = read_factory_file(write_xlsx(rows))

    assert [(row.line, row.values["회사명"]) for row in file.rows] == [(2, "세광주조(주)"), (5, "동진열처리")]


# Excel quirks


def test_excel_edited_csv_headers_order_blank_lines_and_trailing_columns(write_text):
    # Header cells padded with spaces, columns reordered, two empty columns at the end, blank lines, CRLF.
    header = [" 공장주소", "생산품 ", " 회사명 ", "단지명", "순번", "", ""]
    first = [
        "인천광역시 남동구 남동대로 233",
        "알루미늄 다이캐스팅 자동차 부품",
        "세광주조(주)",
        "남동국가산업단지",
        "1",
    ]
    second = ["인천광역시 남동구 고잔로 91", "침탄 열처리", "동진열처리", "", "2"]
    text = csv_text([header, [*first, "", ""], [], ["", "", "", "", "", "", ""], second])

    file = read_factory_file(write_text(text, encoding="utf-8-sig"))

    assert (file.layout, file.encoding) == ("kicox-5", "utf-8-sig")
    assert [row.line for row in file.rows] == [2, 5]
    assert [row.cell_count for row in file.rows] == [None, None]
    assert file.rows[0].values == {
        "순번": "1",
        "회사명": "세광주조(주)",
        "단지명": "남동국가산업단지",
        "생산품": "알루미늄 다이캐스팅 자동차 부품",
        "공장주소": "인천광역시 남동구 남동대로 233",
    }


def test_blank_lines_before_the_header_count_as_lines(write_text):
    file = read_factory_file(write_text("\n\n" + csv_text([COLUMNS_5, row_5()], line_end="\n")))

    assert [row.line for row in file.rows] == [4]


def test_a_quoted_field_with_a_line_break_is_one_row(write_csv):
    rows = [COLUMNS_5, row_5(생산품="알루미늄 다이캐스팅\n자동차 부품"), row_5(순번="2")]

    file = read_factory_file(write_csv(rows))

    assert [row.line for row in file.rows] == [2, 3]
    assert file.rows[0].values["생산품"] == "알루미늄 다이캐스팅\n자동차 부품"


def test_extra_unknown_columns_are_ignored(write_csv):
    file = read_factory_file(write_csv([[*COLUMNS_5, "비고"], [*row_5(), "메모"]]))

    assert list(file.rows[0].values) == list(COLUMNS_5)
    assert file.rows[0].cell_count is None


# Rows that do not line up with the header


def test_a_row_with_too_many_cells_in_the_middle_is_flagged(write_text):
    text = csv_text([COLUMNS_5, row_5(), [*row_5(순번="2"), "남는 값"], row_5(순번="3")])

    file = read_factory_file(write_text(text))

    assert [(row.line, row.cell_count, row.cut_off) for row in file.rows] == [
        (2, None, False),
        (3, 6, False),
        (4, None, False),
    ]
    assert not file.truncated


def test_a_short_row_in_the_middle_is_flagged(write_text):
    file = read_factory_file(write_text(csv_text([COLUMNS_5, row_5()[:3], row_5()])))

    assert [(row.line, row.cell_count) for row in file.rows] == [(2, 3), (3, None)]


def test_a_short_last_row_that_ends_its_line_is_misaligned_not_cut(write_text):
    file = read_factory_file(write_text(csv_text([COLUMNS_5, row_5(), row_5()[:3]])))

    assert (file.rows[-1].cell_count, file.rows[-1].cut_off, file.truncated) == (3, False, False)


# Cut-off files


def test_cp949_file_cut_in_the_middle_of_a_character(tmp_path):
    data = SAMPLE_35.read_bytes().rstrip(b"\r\n")
    cut = data[: data.rindex("공장".encode("cp949")) + 1]  # the lead byte of 공 only
    path = tmp_path / "cut.csv"
    path.write_bytes(cut)

    file = read_factory_file(path)

    assert (file.encoding, file.truncated) == ("cp949", True)
    assert [row.line for row in file.rows] == [2, 3, 4, 5, 6, 7, 8]
    assert [row.cut_off for row in file.rows] == [False] * 6 + [True]


def test_utf8_file_cut_in_the_middle_of_a_character(tmp_path):
    data = SAMPLE_5.read_bytes()
    cut = data[: data.rindex("원창로".encode()) + 2]
    path = tmp_path / "cut.csv"
    path.write_bytes(cut)

    file = read_factory_file(path)

    assert (file.encoding, file.truncated) == ("utf-8", True)
    assert file.rows[-1].cut_off
    assert file.rows[-1].line == 7


def test_file_cut_in_the_middle_of_a_quoted_field(write_text):
    text = csv_text([COLUMNS_5, row_5(), row_5(순번="2", 생산품="침탄 열처리, 고주파 열처리")])
    cut = text[: text.rindex("고주파")]

    file = read_factory_file(write_text(cut, encoding="cp949"))

    assert file.truncated
    assert [(row.line, row.cut_off) for row in file.rows] == [(2, False), (3, True)]


def test_file_cut_between_cells_of_the_last_row(write_text):
    text = csv_text([COLUMNS_35, row_35(), row_35()])
    cut = text[: text.rindex("인천광역시 남동구 남동대로 233")]

    file = read_factory_file(write_text(cut))

    assert file.truncated
    assert [row.cut_off for row in file.rows] == [False, True]


def test_a_complete_last_row_without_a_line_break_is_not_cut(write_text):
    file = read_factory_file(write_text(csv_text([COLUMNS_5, row_5()]).rstrip("\r\n")))

    assert not file.truncated
    assert not file.rows[0].cut_off


def test_quotes_written_by_excel_are_not_taken_for_a_cut(write_text):
    product = '"D" 타입 브래킷, 플랜지'
    file = read_factory_file(write_text(csv_text([COLUMNS_5, row_5(생산품=product)]).rstrip("\r\n")))

    assert not file.truncated
    assert file.rows[0].values["생산품"] == product


# Files that cannot be read at all


def _reason(path: Path) -> str:
    with pytest.raises(UnreadableFileError) as caught:
        read_factory_file(path)
    assert caught.value.file == path.name
    assert path.name in str(caught.value)
    return caught.value.reason


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", codecs.BOM_UTF8, b"  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    assert _reason(path) == "파일이 비어 있습니다."


def test_missing_file_is_unreadable(tmp_path):
    assert "파일을 열 수 없습니다" in _reason(tmp_path / "none.csv")


def test_header_only(write_csv):
    assert _reason(write_csv([COLUMNS_5])) == "머리글만 있고 데이터 행이 없습니다."


def test_csv_of_something_else_names_the_missing_columns(write_csv):
    reason = _reason(write_csv([["이름", "나이", "주소"], ["홍길동", "30", "인천"]], name="members.csv"))

    assert reason.startswith("필수 열이 없습니다: 회사명, 단지명, 생산품, 공장주소.")


def test_35_column_file_without_its_key_columns(write_csv):
    columns = [column for column in COLUMNS_35 if column not in ("회사명", "공장주소")]

    assert _reason(write_csv([columns, ["x"] * len(columns)])).startswith(
        "필수 열이 없습니다: 회사명, 공장주소."
    )


def test_35_column_file_without_factory_number(write_csv):
    columns = [column for column in COLUMNS_35 if column != "공장관리번호"]

    assert _reason(write_csv([columns, ["x"] * len(columns)])).startswith("필수 열이 없습니다: 공장관리번호.")


def test_a_column_named_twice(write_csv):
    reason = _reason(write_csv([[*COLUMNS_5, "회사명"], [*row_5(), "다른 회사"]]))

    assert reason == "같은 이름의 열이 두 번 이상 있습니다: 회사명."


def test_png_is_not_a_factory_file(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")

    assert _reason(path) == "CSV나 XLSX 파일이 아닙니다(PNG 파일로 보입니다)."


def test_binary_without_a_known_signature(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 4)

    assert "CSV나 XLSX 파일이 아닙니다" in _reason(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_text_names_its_encoding(write_text, encoding):
    # Excel's "유니코드 텍스트" is UTF-16; with and without its byte-order mark.
    path = write_text(csv_text([COLUMNS_5, row_5()]), encoding=encoding)

    assert _reason(path).startswith("파일 인코딩이 UTF-16")


def test_euc_jp_text_names_its_encoding(write_text):
    text = "会社名,住所,製品\n株式会社テスト,東京都港区芝公園,アルミダイカスト部品\n" * 3

    assert "EUC-J" in _reason(write_text(text, encoding="euc_jp"))


def test_old_xls_is_refused_with_advice(tmp_path):
    path = tmp_path / "factories.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)

    assert "XLS" in _reason(path)


def test_corrupt_xlsx(write_xlsx, tmp_path):
    data = write_xlsx([COLUMNS_5, row_5()]).read_bytes()
    path = tmp_path / "broken.xlsx"
    path.write_bytes(data[: len(data) // 2])

    assert "XLSX 파일이 손상" in _reason(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")

    assert "XLSX 파일이 손상" in _reason(path)


def test_stray_quote_far_from_the_end_breaks_the_file(write_text):
    rows = [COLUMNS_5, row_5(회사명='"세광주조'), *[row_5(순번=str(n)) for n in range(3000)]]
    text = csv_text(rows).replace('"""세광주조"', '"세광주조')  # an opening quote that never closes

    reason = _reason(write_text(text))

    assert reason.startswith("2번째 줄부터 CSV 형식이 깨져 있어")
