"""Small counts leave the server only for those who may see the people behind them.

A count under SMALL_COUNT is shown to the public, the city and companies as "5 미만" (None here), and so
is anything computed from so few people (a retention rate over fewer than SMALL_COUNT at risk):
with a handful of hires, a count or a rate points at a person. Operators and the labor office, who
hold the rows, see every figure (accounts.roles.sees_small_counts decides who that is).
"""

from django.utils.translation import gettext_lazy as _

SMALL_COUNT = 5
LEGEND = _("5 미만은 공개하지 않습니다.")


def count_shown(value: int, *, exact: bool) -> int | None:
    """The count as it may be shown: itself, or None when it is under SMALL_COUNT (and not zero) and
    the viewer may not see it exactly. Zero is no person and is shown."""
    if exact or value == 0 or value >= SMALL_COUNT:
        return value
    return None
