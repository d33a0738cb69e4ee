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
