"""Small counts leave the server only for those who may see the people behind them.

A count under SMALL_COUNT is shown to the public, the city and companies as "5 미만" (None here), and so
is anything computed from so few people (a retention rate over fewer than SMALL_COUNT at risk):
with a handful of hires, a count or a rate points at a person. Operators and the labor office, who
hold the rows, see every figure (accounts.roles.sees_small_counts decides who that is).
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

SMALL_COUNT = 5
LEGEND = _("5 미만은 공개하지 않습니다.")


def counts_shown(actual: list[int], *, exact: bool, hidden: Iterable[int] = ()) -> list[int | None]:
    """Counts that add up to a total shown beside them (a row, a column), as shown: a count under
    SMALL_COUNT (not zero) hidden — with those already `hidden` — and when any is, more hidden,
    smallest first, until at least two are and they add up to at least SMALL_COUNT, so neither the total
    less the shown ones nor two hidden ones together give a small count away (secondary suppression)."""
    if exact:
        return list(actual)
    gone = set(hidden) | {i for i, value in enumerate(actual) if 0 < value < SMALL_COUNT}
    if gone:
        shown = sorted((actual[i], i) for i in range(len(actual)) if i not in gone and actual[i] > 0)
        while shown and (len(gone) < 2 or sum(actual[i] for i in gone) < SMALL_COUNT):
            gone.add(shown.pop(0)[1])
    return [None if i in gone else actual[i] for i in range(len(actual))]


def count_shown(value: int, *, exact: bool) -> int | None:
    """The count as it may be shown: itself, or None when it is under SMALL_COUNT (and not zero) and
    the viewer may not see it exactly. Zero is no person and is shown."""
    if exact or value == 0 or value >= SMALL_COUNT:
        return value
    return None
