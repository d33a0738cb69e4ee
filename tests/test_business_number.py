"""The check digit of 사업자등록번호 (core.business_number)."""

import pytest

from ppuri.core.business_number import (
    business_number_digits,
    business_number_format,
    business_number_masked,
    business_number_valid,
    check_digit,
)

# Real corporate numbers from the public sample of realrains/kbrn (kbrn/src/test/resources/kbrn_sample.csv):
# among them ninth digits of 0..9, so the ninth digit's tens (digit × 5 ≥ 10) are exercised.
VALID = [
    "220-81-62517",
    "1208147521",
    "124-81-00998",
    "621-83-00678",
    "723-87-00195",
    "739-86-01417",
    "409-86-51113",
    "208-82-03460",
    "544-87-01081",
    "501-82-06653",
    "280-87-01571",
    "571-87-03058",
]


@pytest.mark.parametrize("number", VALID)
def test_known_numbers_pass(number):
    assert business_number_valid(number)


@pytest.mark.parametrize("number", VALID)
def test_any_other_last_digit_fails(number):
    digits = business_number_digits(number)
    for wrong in set("0123456789") - {digits[9]}:
        assert not business_number_valid(digits[:9] + wrong)


def test_the_ninth_digit_contributes_its_tens():
    # 9 × 5 = 45: without the tens (4) the check digit would be another.
    weighted = sum(int(d) * w for d, w in zip("12345678", (1, 3, 7, 1, 3, 7, 1, 3), strict=True)) + 9 * 5
    assert check_digit("123456789") == (10 - (weighted + 4) % 10) % 10
    assert check_digit("123456789") != (10 - weighted % 10) % 10


@pytest.mark.parametrize(
    "value",
    ["", "220-81-6251", "220-81-625170", "22O-81-62517", "220 81 62517", "220--81-62517", None],
)
def test_malformed_numbers_fail(value):
    assert not business_number_valid(value)


def test_digits_format_and_mask():
    assert business_number_digits(" 220-81-62517 ") == "2208162517"
    assert business_number_digits("2208162517") == "2208162517"
    assert business_number_digits("２２０－８１－６２５１７") == "2208162517"  # full-width, as an IME types
    assert business_number_format("2208162517") == "220-81-62517"
    assert business_number_masked("2208162517") == "220-81-*****"
