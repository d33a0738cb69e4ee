"""Personal data Ppuri refuses: a 주민등록번호 (or 외국인등록번호) is never collected, in a file or in
free text (security-reliability checklist; 개인정보 보호법 §24-2)."""

import re
import unicodedata
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A valid YYMMDD, an optional separator, then seven digits starting 1–8: 1–4 for citizens, 5–8 for the
# 외국인등록번호 of the same shape. The date check keeps 13-digit factory numbers from tripping it.
# Any separator people put between the halves: "900101-1234567", "900101 - 1234567", "900101.1234567".
_PERSONAL_NUMBER: Final = re.compile(
    r"(?<!\d)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*[-–—‐._/·]?\s*[1-8]\d{6}(?!\d)"
)


def looks_like_resident_number(value: str) -> bool:
    """Whether the text holds a number shaped like a 주민등록번호, full-width digits included."""
    return _PERSONAL_NUMBER.search(unicodedata.normalize("NFKC", value or "")) is not None


def refuse_resident_number(value: str) -> None:
    """A validator for free-text fields."""
    if looks_like_resident_number(value):
        raise ValidationError(
            _("주민등록번호 형식의 번호가 있습니다. 개인 식별번호는 받지 않으니 지우고 다시 입력해 주세요."),
            code="resident_number",
        )
