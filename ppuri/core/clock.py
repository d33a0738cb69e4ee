"""Today's date for everything that counts time in months (tenure milestones, installments falling
due): one place, so a test can move the calendar for the whole server (a browser test's live server
runs in the test's process) without touching the system clock.

    with clock.fixed(date(2027, 3, 2)):
        ...
"""

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.utils import timezone

_fixed: date | None = None


def today() -> date:
    return _fixed if _fixed is not None else timezone.localdate()


@contextmanager
def fixed(day: date) -> Iterator[None]:
    """Make today() answer `day` inside the block (tests only: it changes the whole process)."""
    global _fixed
    before, _fixed = _fixed, day
    try:
        yield
    finally:
        _fixed = before


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day (1-31 + 1 → 2-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
