"""Read a KICOX factory file (CSV in UTF-8, UTF-8 with BOM or CP949, or XLSX) into rows keyed by column name.

Nothing is dropped silently: a row whose cells do not line up with the header, and the last row of a file
that was cut off, come back flagged so that records.build_records rejects them with their line numbers.
"""

import codecs
import csv
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import ParseError

import charset_normalizer
from django.utils.translation import gettext as _

from ppuri.registry.importing.columns import (
    COLUMNS_5,
    COLUMNS_35,
    LAYOUT_5,
    LAYOUT_35,
    REQUIRED_5,
    REQUIRED_35,
)

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS (Excel 97-2003), DOC, HWP
_WIDE_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_SNIFF_BYTES: Final = 64 * 1024
_SHARED_CHARS: Final = 16
_ONLY_35: Final = frozenset(COLUMNS_35) - frozenset(COLUMNS_5)
_XLSX_ERRORS: Final = (
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    ValueError,
    ParseError,
    zlib.error,
    EOFError,
)


def _xlsx_errors() -> tuple[type[Exception], ...]:
    """What a broken workbook raises. openpyxl is imported when a workbook is read, not with this
    module: a fifth of a second for every process (the web's, the worker's) that never reads one."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (*_XLSX_ERRORS, InvalidFileException)


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int  # 1-based row number as a spreadsheet shows it (blank rows count); the header is line 1
    values: dict[str, str]  # canonical column name → cell text, for the layout's columns in the file
    cut_off: bool = False  # the file ended inside this row
    cell_count: int | None = None  # set when the row's cells do not line up with the header's


@dataclass(frozen=True, slots=True)
class FactoryFile:
    name: str
    layout: str  # "kicox-35" | "kicox-5"
    encoding: str  # "utf-8" | "utf-8-sig" | "cp949" | "xlsx"
    header_cells: int
    rows: list[SourceRow]
    truncated: bool


class UnreadableFileError(Exception):
    """The file as a whole cannot be imported; nothing in it should be."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _RawRow:
    line: int
    cells: list[str]
    cut_off: bool = False  # certainly cut: inside a quoted field or a multibyte character at the end
    open_end: bool = False  # the file's last row, without a line break after it


def read_factory_file(path: Path, *, display_name: str | None = None) -> FactoryFile:
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(
            name, _("파일을 열 수 없습니다: %(error)s") % {"error": error.strerror or error}
        ) from error
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise UnreadableFileError(name, _("파일이 비어 있습니다."))
    if data.startswith(_ZIP_MAGIC):
        try:
            _check_xlsx_size(path, name)
            return _factory_file(name, "xlsx", _xlsx_rows(path), ragged=True)
        except _xlsx_errors() as error:
            raise UnreadableFileError(
                name, _("XLSX 파일이 손상되었거나 엑셀 통합 문서가 아니어서 열 수 없습니다.")
            ) from error
    text, encoding, cut_char = _decode(data, name)
    return _factory_file(name, encoding, _csv_rows(text, name=name, cut_char=cut_char), ragged=False)


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    """The text, its encoding, and whether the file ends inside a multibyte character (a cut file)."""
    for bom, label in _WIDE_BOMS:
        if data.startswith(bom):
            raise UnreadableFileError(name, _encoding_reason(label))
    if data.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            name, _("예전 엑셀 형식(XLS)은 읽을 수 없습니다. XLSX나 CSV로 다시 저장해 주세요.")
        )
    for magic, kind in ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"%PDF", "PDF")):
        if data.startswith(magic):
            raise UnreadableFileError(
                name, _("CSV나 XLSX 파일이 아닙니다(%(kind)s 파일로 보입니다).") % {"kind": kind}
            )
    if b"\x00" in data:
        guess = _guess_encoding(data)
        if guess and guess.startswith(("UTF-16", "UTF-32")):
            raise UnreadableFileError(name, _encoding_reason(guess))
        raise UnreadableFileError(name, _("CSV나 XLSX 파일이 아닙니다(텍스트가 아닌 바이너리 파일입니다)."))

    encodings = ("utf-8-sig",) if data.startswith(codecs.BOM_UTF8) else ("utf-8", "cp949")
    failures: list[UnicodeDecodeError] = []
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding, False
        except UnicodeDecodeError as error:
            at_end = error.end == len(data)
            if at_end and error.reason in ("unexpected end of data", "incomplete multibyte sequence"):
                try:
                    return data[: error.start].decode(encoding), encoding, True
                except UnicodeDecodeError:
                    pass
            failures.append(error)

    guess = _guess_encoding(data)
    if guess and guess not in ("UTF-8", "CP949", "EUC-KR", "ASCII"):
        raise UnreadableFileError(name, _encoding_reason(guess))
    line = data[: failures[-1].start].count(b"\n") + 1
    raise UnreadableFileError(
        name,
        _(
            "%(line)d번째 줄에 UTF-8로도 CP949로도 읽을 수 없는 바이트가 있습니다. "
            "파일을 UTF-8이나 CP949로 다시 저장해 주세요."
        )
        % {"line": line},
    )


def _guess_encoding(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data[:_SNIFF_BYTES]).best()
    return best.encoding.upper().replace("_", "-") if best else None


def _encoding_reason(encoding: str) -> str:
    return _(
        "파일 인코딩이 %(encoding)s(으)로 보입니다. UTF-8이나 CP949(EUC-KR) CSV, 또는 XLSX로 저장해 주세요."
    ) % {"encoding": encoding}


def _csv_rows(text: str, *, name: str, cut_char: bool) -> Iterator[_RawRow]:
    """Non-blank records with their row numbers; blank lines are skipped but counted, as Excel shows them."""
    consumed: list[str] = []  # the physical lines of the record being parsed

    def lines() -> Iterator[str]:
        for physical in io.StringIO(text, newline=""):
            consumed.append(physical)
            yield physical

    previous: _RawRow | None = None
    previous_raw = ""
    line = 0
    try:
        for line, cells in enumerate(csv.reader(lines()), start=1):
            raw = consumed[0] if len(consumed) == 1 else "".join(consumed)
            consumed.clear()
            if not any(cell.strip() for cell in cells):
                continue
            if previous is not None:
                yield previous
            previous, previous_raw = _RawRow(line, cells), raw
    except csv.Error as error:
        # A stray quote far from the end swallows the rest of the file into one field.
        raise UnreadableFileError(
            name,
            _("%(line)d번째 줄부터 CSV 형식이 깨져 있어 읽을 수 없습니다(닫히지 않은 따옴표 등): %(error)s")
            % {"line": line + 1, "error": error},
        ) from error
    if previous is not None:
        # Python's csv reader accepts a quoted field left open at the end of the input; a cut file does that.
        cut = cut_char or _ends_inside_quotes(previous_raw)
        yield _RawRow(
            previous.line, previous.cells, cut_off=cut, open_end=not previous_raw.endswith(("\n", "\r"))
        )


def _ends_inside_quotes(record: str) -> bool:
    """Follow the quoting the way the csv module does: a quote opens a field only at its start, "" escapes."""
    inside = closed = False
    field_start = True
    for char in record:
        if inside:
            if char == '"':
                inside, closed = False, True
            continue
        if closed and char == '"':
            inside, closed = True, False
            continue
        closed = False
        if char == '"' and field_start:
            inside, field_start = True, False
            continue
        field_start = char in ",\r\n"
    return inside


# An XLSX is a zip: refuse one that would unpack to far more than a factory file can hold.
XLSX_MAX_UNPACKED = 1_000_000_000
XLSX_MAX_RATIO = 100
XLSX_MAX_COLUMNS = 64  # the 35-column layout and some slack for Excel's extra columns


def _check_xlsx_size(path: Path, name: str) -> None:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > XLSX_MAX_UNPACKED or unpacked / packed > XLSX_MAX_RATIO:
        raise UnreadableFileError(
            name, _("XLSX 파일의 압축을 풀면 지나치게 커집니다. 공장등록 현황 파일이 맞는지 확인해 주세요.")
        )


def _xlsx_rows(path: Path) -> Iterator[_RawRow]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # The stored dimensions can be wrong (some writers leave "A1"); read what is there instead.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, max_col=XLSX_MAX_COLUMNS, values_only=True)
        for line, values in enumerate(rows, start=1):
            cells = [_cell_text(value) for value in values]
            if any(cell.strip() for cell in cells):
                yield _RawRow(line, cells)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as a CSV saved by Excel would have it: 24321 and 72, not 24321.0 and 72.0."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(value, ".15g")  # Excel keeps 15 significant digits
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _factory_file(name: str, encoding: str, raw_rows: Iterable[_RawRow], *, ragged: bool) -> FactoryFile:
    """Map the rows to the layout's columns. `ragged`: rows may stop early (XLSX leaves empty cells out)."""
    rows_iter = iter(raw_rows)
    header = next(rows_iter, None)
    if header is None:
        raise UnreadableFileError(name, _("파일이 비어 있습니다."))
    keys = [_column_key(cell) for cell in header.cells]
    layout, columns = _layout(name, keys)
    mapping = [(key, index) for index, key in enumerate(keys) if key in columns]
    width = _width(header.cells, 0)

    rows: list[SourceRow] = []
    # Short values (인천광역시, 소기업, 24321, 차수 1 …) repeat on most rows: keep one string of each.
    shared: dict[str, str] = {}
    for raw in rows_iter:
        cells = raw.cells
        values = {}
        for key, index in mapping:
            value = cells[index] if index < len(cells) else ""
            values[key] = shared.setdefault(value, value) if len(value) <= _SHARED_CHARS else value
        count = _width(cells, width)
        if raw.cut_off or (raw.open_end and count < width):
            rows.append(SourceRow(raw.line, values, cut_off=True))
        elif count > width or (count < width and not ragged):
            rows.append(SourceRow(raw.line, values, cell_count=count))
        else:
            rows.append(SourceRow(raw.line, values))
    if not rows:
        raise UnreadableFileError(name, _("머리글만 있고 데이터 행이 없습니다."))
    return FactoryFile(
        name=name,
        layout=layout,
        encoding=encoding,
        header_cells=width,
        rows=rows,
        truncated=any(row.cut_off for row in rows),
    )


def _column_key(cell: str) -> str:
    """Header cells as Excel users leave them: " 회사명 ", a BOM, "공장 주소"."""
    return "".join(unicodedata.normalize("NFC", cell).replace("\ufeff", "").split())


def _width(cells: list[str], minimum: int) -> int:
    """How many cells the row really has: empty cells past the header's last column do not count."""
    count = len(cells)
    while count > minimum and not cells[count - 1].strip():
        count -= 1
    return count


def _layout(name: str, keys: list[str]) -> tuple[str, tuple[str, ...]]:
    present = set(keys)
    if present & {"업종코드", "공장관리번호"} or len(present & _ONLY_35) >= 3:
        layout, columns, required = LAYOUT_35, COLUMNS_35, REQUIRED_35
    else:
        layout, columns, required = LAYOUT_5, COLUMNS_5, REQUIRED_5
    missing = [column for column in required if column not in present]
    if missing:
        raise UnreadableFileError(
            name,
            _(
                "필수 열이 없습니다: %(columns)s. "
                "한국산업단지공단 공장등록 현황 파일(5열 또는 35열)의 머리글인지 확인해 주세요."
            )
            % {"columns": ", ".join(missing)},
        )
    doubled = [column for column in columns if keys.count(column) > 1]
    if doubled:
        raise UnreadableFileError(
            name, _("같은 이름의 열이 두 번 이상 있습니다: %(columns)s.") % {"columns": ", ".join(doubled)}
        )
    return layout, columns
