"""Korean text tools that every app uses: name normalization for matching and de-duplication."""

import re
import unicodedata

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
