"""Validate the rows of a factory file and turn them into one FactoryRecord per factory.

A row with errors is rejected as a whole, with every error it has. In the 35-column layout a factory's rows
(one per 업종 차수) stand or fall together, so that no factory is imported with only part of its 업종.
Reasons never repeat a value shaped like a 주민등록번호.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _

from ppuri.core.privacy import looks_like_resident_number
from ppuri.core.text import clean_spaces, normalize_company_name
from ppuri.registry.importing.columns import EMPLOYEE_COLUMNS, LAYOUT_35
from ppuri.registry.importing.reading import FactoryFile, SourceRow

FIRM_SIZES: Final = {"소기업": "small", "중기업": "medium", "중견기업": "midsize", "대기업": "large"}

# The registry's column sizes (registry.models); a longer value is refused here, with its line, rather
# than failing the whole import on PostgreSQL (or being stored whole on SQLite).
MAX_LENGTHS: Final = {"회사명": 200, "전화번호": 30, "공장주소": 300, "시군구명": 50, "단지명": 200}
MAX_CELL: Final = 2_000  # longer free text is not a factory description but a broken or hostile file
_KSIC: Final = re.compile(r"\d{5}")
_FACTORY_NUMBER: Final = re.compile(r"\d{10,20}")
_SCIENTIFIC: Final = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
# "1,234" and pandas' "72.0" for a whole number; not "-3", "12.5" or "열다섯".
_COUNT: Final = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?")
_BLANK: Final = frozenset({"", "-", "–", "—"})  # Excel's accounting format shows nothing as "-"
# Short province names that addresses start with instead of "인천광역시".
_PROVINCES: Final = frozenset(
    {
        "서울",
        "부산",
        "대구",
        "인천",
        "광주",
        "대전",
        "울산",
        "세종",
        "경기",
        "강원",
        "충북",
        "충남",
        "전북",
        "전남",
        "경북",
        "경남",
        "제주",
    }
)
_SHOWN_CHARS: Final = 40
_REPEATING: Final = frozenset({"단지명", "생산품", "원자재", "시도명", "시군구명", "공장규모", "대표업종"})
# Free text that only says something when it has words: "???" as 생산품 is no product.
_DESCRIPTIONS: Final = ("생산품", "원자재")
# The columns a record is made of; the others (areas, zoning …) are only checked for personal numbers.
_USED: Final = frozenset(
    {
        *EMPLOYEE_COLUMNS,
        *("회사명", "단지명", "생산품", "원자재", "공장규모", "전화번호", "시도명", "시군구명"),
        *("공장주소", "공장주소_지번", "공장관리번호", "대표업종", "업종코드", "차수"),
    }
)


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str  # "" when the error is about the whole row
    reason: str


@dataclass(frozen=True, slots=True)
class FactoryRecord:
    factory_number: str | None  # digits only; None in the 5-column layout
    company_name: str
    complex_name: str  # as written; resolving it to a complex is the service's job
    products: str
    raw_materials: str
    ksic_codes: list[str]  # in 차수 order, each once, as written (29294 stays 29294)
    ksic_main: str
    employees: int | None
    employees_male: int | None
    employees_female: int | None
    employees_foreign: int | None
    firm_size: str  # small | medium | midsize | large | ""
    province: str
    district: str
    address: str
    address_lot: str
    phone: str
    lines: list[int]


@dataclass(slots=True)
class _Row:
    line: int
    values: dict[str, str]
    errors: list[RowError]
    factory_number: str | None = None
    ksic: str = ""
    order: int = 0
    counts: dict[str, int | None] | None = None
    cut_off: bool = False


def build_records(file: FactoryFile) -> tuple[list[FactoryRecord], list[RowError]]:
    is_35 = file.layout == LAYOUT_35
    if is_35:  # a factory's rows stand or fall together: all of them are checked first
        checked = [_check(row, header_cells=file.header_cells, is_35=True) for row in file.rows]
        records, errors = _group(checked)
    else:  # one row, one factory: each checked row becomes its record at once (a national file's memory)
        records, errors = [], []
        shared: dict[str, str] = {}
        for source in file.rows:
            row = _check(source, header_cells=file.header_cells, is_35=False)
            errors += row.errors
            if not row.errors:
                records.append(_record([row], shared=shared))
    errors.sort(key=lambda error: error.line)
    return records, errors


def _check(source: SourceRow, *, header_cells: int, is_35: bool) -> _Row:
    line = source.line
    if source.cut_off:
        reason = _("파일이 행 중간에서 끝났습니다(잘린 파일)")
        values = {"회사명": _text(source.values.get("회사명", ""))}
        number = _factory_number(source.values)
        return _Row(line, values, [RowError(line, "", reason)], factory_number=number, cut_off=True)
    if source.cell_count is not None:
        reason = _(
            "열 개수가 머리글과 다릅니다(머리글 %(expected)d개, 이 행 %(found)d개). "
            "쉼표가 들어간 값은 큰따옴표로 감싸야 합니다"
        ) % {"expected": header_cells, "found": source.cell_count}
        return _Row(line, {}, [RowError(line, "", reason)])

    personal = [column for column, value in source.values.items() if _looks_personal(value)]
    errors = [
        RowError(line, column, _("주민등록번호 형식의 값이 있습니다. 개인 식별번호는 받지 않습니다"))
        for column in personal
    ]
    values = {column: _text(value) for column, value in source.values.items() if column in _USED}
    for column, value in values.items():
        limit = MAX_LENGTHS.get(column, MAX_CELL)
        if len(value) > limit and column not in personal:
            errors.append(
                RowError(
                    line,
                    column,
                    _("값이 너무 깁니다(%(length)d자, 최대 %(limit)d자)")
                    % {"length": len(value), "limit": limit},
                )
            )
    if not values.get("회사명") and "회사명" not in personal:
        errors.append(RowError(line, "회사명", _("회사명이 비어 있습니다")))
    elif "회사명" not in personal and not has_letters(values["회사명"]):
        name = _shown(values["회사명"])
        errors.append(
            RowError(
                line, "회사명", _("회사명 '%(value)s'에 글자(한글이나 영문)가 없습니다") % {"value": name}
            )
        )
    for column in _DESCRIPTIONS:
        if column in values and not has_letters(values[column]):
            values[column] = ""  # "???" or "-/-" describes nothing: no products, no evidence
    if not values.get("공장주소") and "공장주소" not in personal:
        errors.append(RowError(line, "공장주소", _("공장주소가 비어 있습니다")))
    row = _Row(line, values, errors)
    if is_35:
        _check_35(row, personal)
    counts: dict[str, int | None] = {}
    for column in EMPLOYEE_COLUMNS:
        if column in values and column not in personal:
            try:
                counts[column] = _count(values[column])
            except ValueError:
                errors.append(RowError(line, column, _count_reason(column, values[column])))
    row.counts = counts
    return row


def _check_35(row: _Row, personal: list[str]) -> None:
    values, line, errors = row.values, row.line, row.errors
    if "공장관리번호" not in personal:
        raw = values.get("공장관리번호", "")
        row.factory_number = _factory_number(values)
        if not raw:
            errors.append(RowError(line, "공장관리번호", _("공장관리번호가 비어 있습니다")))
        elif _SCIENTIFIC.fullmatch(raw):
            reason = _(
                "공장관리번호가 지수 표기('%(value)s')로 바뀌어 원래 번호를 알 수 없습니다. "
                "엑셀에서 저장하지 않은 원본 파일을 올려 주세요"
            ) % {"value": raw}
            errors.append(RowError(line, "공장관리번호", reason))
        elif row.factory_number is None:
            reason = _("공장관리번호 '%(value)s'는 10~20자리 숫자가 아닙니다") % {"value": _shown(raw)}
            errors.append(RowError(line, "공장관리번호", reason))
    for column in ("업종코드", "대표업종"):
        code = _compact(values.get(column, ""))
        if column in personal or not code:
            continue
        if _KSIC.fullmatch(code):
            values[column] = code
        else:
            reason = _("%(column)s '%(value)s'는 다섯 자리 숫자가 아닙니다") % {
                "column": column,
                "value": _shown(values[column]),
            }
            errors.append(RowError(line, column, reason))
    row.ksic = values.get("업종코드", "")
    order = _compact(values.get("차수", ""))
    if order.isdecimal():
        row.order = int(order)
    elif order and "차수" not in personal:
        reason = _("차수 '%(value)s'는 숫자가 아닙니다") % {"value": _shown(values["차수"])}
        errors.append(RowError(line, "차수", reason))


def _group(rows: list[_Row]) -> tuple[list[FactoryRecord], list[RowError]]:
    """One record per 공장관리번호; rows without a usable number stand alone (and carry errors)."""
    errors: list[RowError] = []
    groups: dict[str, list[_Row]] = {}
    shared: dict[str, str] = {}
    previous: _Row | None = None
    for row in rows:
        number = row.factory_number
        if number is None and row.cut_off and previous is not None and _same_company(row, previous):
            number = previous.factory_number  # the cut row likely was the next 차수 of the factory above it
        if number is None:
            errors += row.errors
        else:
            groups.setdefault(number, []).append(row)
        previous = row

    records: list[FactoryRecord] = []
    for number, members in groups.items():
        failed = [member.line for member in members if member.errors]
        if failed:
            for member in members:
                errors += member.errors or [_sibling_error(member.line, number, failed)]
            continue
        names = list(dict.fromkeys(member.values["회사명"] for member in members))
        if len({normalize_company_name(name) for name in names}) > 1:
            reason = _(
                "공장관리번호 %(number)s의 행마다 회사명이 다릅니다(%(names)s). "
                "한 공장의 행은 회사명이 같아야 합니다"
            ) % {"number": number, "names": ", ".join(f"'{_shown(name)}'" for name in names)}
            errors += [RowError(member.line, "회사명", reason) for member in members]
            continue
        members.sort(key=lambda member: (member.order, member.line))
        records.append(_record(members, factory_number=number, shared=shared))
    return records, errors


def _same_company(row: _Row, other: _Row) -> bool:
    name = normalize_company_name(row.values.get("회사명", ""))
    return bool(name) and name == normalize_company_name(other.values.get("회사명", ""))


def _sibling_error(line: int, number: str, failed: list[int]) -> RowError:
    reason = _(
        "같은 공장관리번호 %(number)s의 다른 행(%(lines)s번째 줄)에 오류가 있어 이 행도 가져오지 않았습니다"
    ) % {"number": number, "lines": ", ".join(str(failed_line) for failed_line in failed)}
    return RowError(line, "공장관리번호", reason)


def _record(
    members: list[_Row], *, factory_number: str | None = None, shared: dict[str, str] | None = None
) -> FactoryRecord:
    """`shared` keeps one copy of the values that repeat from factory to factory (complex, products,
    district …): a national file has 217,048 rows and a few thousand distinct such values."""
    first = members[0]
    values = first.values
    if shared is not None:
        values = {
            column: shared.setdefault(value, value) if column in _REPEATING else value
            for column, value in values.items()
        }
    counts = first.counts or {}
    address = values["공장주소"]
    province, district = _address_parts(address)
    male, female = counts.get("남자종업원"), counts.get("여자종업원")
    foreign_counts = (counts.get("외국인남자종업원"), counts.get("외국인여자종업원"))
    foreign = [count for count in foreign_counts if count is not None]
    total = counts.get("종업원합계")
    if total is None and (male is not None or female is not None):
        total = (male or 0) + (female or 0)
    return FactoryRecord(
        factory_number=factory_number,
        company_name=values["회사명"],
        complex_name=values.get("단지명", ""),
        products=values.get("생산품", ""),
        raw_materials=values.get("원자재", ""),
        ksic_codes=list(dict.fromkeys(member.ksic for member in members if member.ksic)),
        ksic_main=values.get("대표업종", ""),
        employees=total,
        employees_male=male,
        employees_female=female,
        employees_foreign=sum(foreign) if foreign else None,
        firm_size=FIRM_SIZES.get(_compact(values.get("공장규모", "")), ""),
        province=values.get("시도명") or province,
        district=values.get("시군구명") or district,
        address=address,
        address_lot=values.get("공장주소_지번", ""),
        phone=values.get("전화번호", ""),
        lines=sorted(member.line for member in members),
    )


def has_letters(value: str) -> bool:
    """Whether a name or description has a letter (Hangul, Latin or any other script's), not only
    digits and signs such as "@@@###" or "???"."""
    return any(char.isalpha() for char in value)


def _text(value: str) -> str:
    text = clean_spaces(value)
    return "" if text in _BLANK else text


def _compact(value: str) -> str:
    """Codes and numbers: full-width digits made plain, spaces gone."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def _looks_personal(value: str) -> bool:
    return looks_like_resident_number(value)


def _factory_number(values: dict[str, str]) -> str | None:
    number = _compact(values.get("공장관리번호", "")).replace("-", "")
    return number if _FACTORY_NUMBER.fullmatch(number) else None


def _count(value: str) -> int | None:
    text = _compact(value)
    if text in _BLANK:
        return None
    match = _COUNT.fullmatch(text)
    if match is None:
        raise ValueError(value)
    return int(match.group(1).replace(",", ""))


def _count_reason(column: str, value: str) -> str:
    return _("%(column)s 값은 0 이상의 정수여야 합니다(받은 값: '%(value)s')") % {
        "column": column,
        "value": _shown(value),
    }


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"


def _address_parts(address: str) -> tuple[str, str]:
    """("인천광역시", "남동구") from "인천광역시 남동구 남동대로 233"; also "수원시 팔달구", "인천 서구"."""
    tokens = address.split()
    if tokens and tokens[0].endswith(("구", "군")):
        return "", tokens[0]
    if len(tokens) < 2 or not (tokens[0].endswith(("시", "도")) or tokens[0] in _PROVINCES):
        return "", ""
    province, second = tokens[0], tokens[1]
    if second.endswith(("구", "군")):
        return province, second
    if second.endswith("시"):
        if len(tokens) > 2 and tokens[2].endswith("구"):
            return province, f"{second} {tokens[2]}"
        return province, second
    return province, ""
