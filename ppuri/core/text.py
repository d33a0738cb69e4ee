"""Korean text tools that every app uses: name normalization for matching and de-duplication, and
numbers in the units Korean readers use (조, 억, 만)."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# Legal-form markers in Korean company names: (주), 주식회사, ㈜, (유), 유한회사, (합), 합자회사 …
_LEGAL_FORMS = re.compile(
    r"\(\s*(주|유|합|자|재|사)\s*\)|㈜|㈔|주식\s*회사|유한\s*책임\s*회사|유한\s*회사|합자\s*회사|합명\s*회사"
)
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\.\,·・\-_/&'\"()\[\]]+")


def normalize_company_name(name: str) -> str:
    """A key for matching: same company, however the legal form and spacing are written."""
    text = unicodedata.normalize("NFKC", name or "")
    # NFKC turns ㈜ into (주); strip legal forms before punctuation so "(주)" goes as a whole.
    text = _LEGAL_FORMS.sub(" ", text)
    text = _PUNCT.sub("", text)
    return text.casefold()


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def mask_name(name: str) -> str:
    """홍길동 → 홍*동, 김철 → 김*, Jane Doe → J*** D**: enough to recognise, not to identify."""
    name = clean_spaces(name)
    if " " in name:
        return " ".join(mask_name(part) for part in name.split(" "))
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    if _is_hangul(name):
        return name[0] + "*" * (len(name) - 2) + name[-1]
    return name[0] + "*" * (len(name) - 1)


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    if not domain:
        return "*" * len(local)
    return (local[:1] + "***") + "@" + domain


def mask_phone(phone: str) -> str:
    """010-1234-5678 → 010-****-5678; keeps the area code and the last four digits."""
    digits = [i for i, ch in enumerate(phone or "") if ch.isdigit()]
    if len(digits) <= 4:
        return phone or ""
    hidden = set(digits[3:-4]) if len(digits) > 7 else set(digits[:-4])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone))


def _is_hangul(text: str) -> bool:
    return all("가" <= ch <= "힣" for ch in text)


# --- numbers in Korean units ----------------------------------------------------------------------

type Number = int | float | Decimal

_KOREAN_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
_ENGLISH_UNITS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _one_decimal(value: Decimal) -> str:
    """12.3, and 12 rather than 12.0."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:,.1f}".removesuffix(".0")


def korean_count(value: Number) -> str:
    """An exact whole number in 억 and 만 groups, as Korean writes large counts: 102,791 → 10만 2,791,
    120,000 → 12만, 9,574,000 → 957만 4,000, 8,034 → 8,034."""
    number = int(Decimal(value).to_integral_value(rounding=ROUND_HALF_UP))
    if number < 0:
        return "-" + korean_count(-number)
    parts = []
    for size, unit in _KOREAN_UNITS[1:]:
        if number >= size:
            parts.append(f"{number // size:,}{unit}")
            number %= size
    if number or not parts:
        parts.append(f"{number:,}")
    return " ".join(parts)


def korean_with_counter(value: Number, counter: str) -> str:
    """A count and its counter word or unit: 10만 2,791명, 12만 명, 8,034곳, 61만 ㎡ (a space after a
    Korean unit word, none after a digit)."""
    number = korean_count(value)
    return f"{number} {counter}" if number[-1] in "조억만" else f"{number}{counter}"


def korean_won(value: Number) -> str:
    """An amount of money rounded to its largest unit, as Korean news and statistics write it:
    26,800,000,000,000 → 26.8조 원, 123,400,000,000 → 1,234억 원, 45,000,000 → 4,500만 원."""
    amount = Decimal(value)
    if abs(amount) >= 10**12:
        return f"{_one_decimal(amount / 10**12)}조 원"
    for size, unit in _KOREAN_UNITS[1:]:
        whole = (amount / size).to_integral_value(rounding=ROUND_HALF_UP)
        if abs(whole) >= 10**4:  # 9,999.6억 rounds to 1만억: one unit up
            return korean_won(whole * size)
        if abs(amount) >= size:
            return f"{whole:,}{unit} 원"
    return f"{amount.to_integral_value(rounding=ROUND_HALF_UP):,} 원"


def english_won(value: Number) -> str:
    """The same amount for an English reader: KRW 26.8 trillion, KRW 123.4 billion, KRW 45 million."""
    amount = Decimal(value)
    for size, unit in _ENGLISH_UNITS:
        # 999.96 billion rounds to a trillion: the unit up takes it.
        if abs(amount) >= size * Decimal("0.99995"):
            return f"KRW {_one_decimal(amount / size)} {unit}"
    return f"KRW {amount.to_integral_value(rounding=ROUND_HALF_UP):,}"
