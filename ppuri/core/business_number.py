"""사업자등록번호 (Korean business registration number): ten digits, written 123-45-67890.

The tenth digit is a check digit over the first nine, with the National Tax Service's weights
1, 3, 7, 1, 3, 7, 1, 3, 5. The ninth digit times 5 contributes its tens as well as the product, so
that a 9th digit of 2..9 changes the sum beyond the last place. The same rule as the public reference
implementation realrains/kbrn (kbrn/src/main/java/io/github/realrains/kbrn/util/ChecksumUtils.java),
whose sample of real corporate numbers (kbrn/src/test/resources/kbrn_sample.csv) our tests reuse.

A number that passes the check may still not be registered: the check catches typing errors, the
operator's review (registry.claims) decides whether the claimant is who they say.
"""

import re
import unicodedata

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_SHAPE = re.compile(r"^([0-9]{3})-?([0-9]{2})-?([0-9]{5})$")


def business_number_digits(value: str) -> str | None:
    """The ten digits of a number written with or without hyphens (123-45-67890 or 1234567890,
    surrounding spaces ignored, full-width digits as typed by a Korean input method read as digits),
    or None for anything else."""
    found = _SHAPE.match(unicodedata.normalize("NFKC", value or "").strip())
    return "".join(found.groups()) if found else None


def check_digit(first_nine: str) -> int:
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, WEIGHTS, strict=True))
    total += int(first_nine[8]) * 5 // 10
    return (10 - total % 10) % 10


def business_number_valid(value: str) -> bool:
    digits = business_number_digits(value)
    return digits is not None and check_digit(digits[:9]) == int(digits[9])


def business_number_format(digits: str) -> str:
    """Ten digits as they are written: 123-45-67890."""
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def business_number_masked(digits: str) -> str:
    """For lists and notices: the tax-office and entity-type parts, the serial hidden (123-45-*****)."""
    return f"{digits[:3]}-{digits[3:5]}-*****"
