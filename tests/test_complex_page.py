"""A complex's page for citizens: figures in Korean units, sources as titled links with dates,
unverified figures said in plain words, no research notes."""

from decimal import Decimal

import pytest

from ppuri.core.text import english_won, korean_count, korean_with_counter, korean_won


@pytest.mark.parametrize(
    ("amount", "korean", "english"),
    [
        (26_800_000_000_000, "26.8조 원", "KRW 26.8 trillion"),
        (Decimal("26833500000000.00"), "26.8조 원", "KRW 26.8 trillion"),
        (4_100_000_000_000, "4.1조 원", "KRW 4.1 trillion"),
        (1_000_000_000_000, "1조 원", "KRW 1 trillion"),
        (123_400_000_000, "1,234억 원", "KRW 123.4 billion"),
        (999_960_000_000, "1조 원", "KRW 1 trillion"),  # 9,999.6억 is 1조, not 1만억
        (45_000_000, "4,500만 원", "KRW 45 million"),
        (99_996_000, "1억 원", "KRW 100 million"),
        (9_999, "9,999 원", "KRW 9,999"),
        (0, "0 원", "KRW 0"),
        (-5_000_000_000, "-50억 원", "KRW -5 billion"),
    ],
)
def test_money_in_korean_and_english_units(amount, korean, english):
    assert korean_won(amount) == korean
    assert english_won(amount) == english


@pytest.mark.parametrize(
    ("count", "number", "people"),
    [
        (102_791, "10만 2,791", "10만 2,791명"),
        (120_000, "12만", "12만 명"),
        (12_000, "1만 2,000", "1만 2,000명"),
        (8_034, "8,034", "8,034명"),
        (9_574_000, "957만 4,000", "957만 4,000명"),
        (123_456_789, "1억 2,345만 6,789", "1억 2,345만 6,789명"),
        (100_000_000, "1억", "1억 명"),
        (Decimal("938624.00"), "93만 8,624", "93만 8,624명"),
        (0, "0", "0명"),
    ],
)
def test_counts_in_man_and_eok_groups(count, number, people):
    assert korean_count(count) == number
    assert korean_with_counter(count, "명") == people
