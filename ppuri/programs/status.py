"""Whether a commitment's period is on track: one rule, written out on the agreement's page (RULE).

A period without a target has nothing to be measured against ("목표 없음"); before its first day it
has not started ("시작 전"); a manual indicator nobody has reported yet has no actual ("실적 미입력").
Otherwise the expected figure is the target times the share of the period elapsed (days, both ends
included; 1 once the period is over), and the ratio actual ÷ expected decides: on track from
ON_TRACK_FROM, at risk from AT_RISK_FROM, behind below it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ppuri.core import clock
from ppuri.core.disclosure import SMALL_COUNT

ON_TRACK_FROM = Decimal("0.9")
AT_RISK_FROM = Decimal("0.7")

RULE = _(
    "상태 판정: 목표가 없는 기간은 ‘목표 없음’, 시작 전인 기간은 ‘시작 전’, 직접 입력 지표에 실적이 없으면 "
    "‘실적 미입력’입니다. 그 밖에는 목표 × 기간 경과 비율(기간이 끝났으면 100%%)을 기대치로 삼아 "
    "실적 ÷ 기대치가 %(on_track)d%% 이상이면 ‘정상 추진’, %(at_risk)d%% 이상이면 ‘주의’, 그 미만이면 "
    "‘부진’입니다."
)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("시작 전")
    ON_TRACK = "on_track", _("정상 추진")
    AT_RISK = "at_risk", _("주의")
    BEHIND = "behind", _("부진")
    NO_TARGET = "no_target", _("목표 없음")
    NO_ACTUAL = "no_actual", _("실적 미입력")
    # The count is under core.disclosure.SMALL_COUNT for this viewer and the status would tell it.
    UNDISCLOSED = "undisclosed", _("비공개(5 미만)")


@dataclass(frozen=True)
class PeriodStatus:
    status: str
    expected: Decimal | None = None  # target × elapsed share
    ratio: Decimal | None = None  # actual ÷ expected

    @property
    def label(self) -> str:
        return str(Status(self.status).label)


def rule_text() -> str:
    return str(RULE) % {"on_track": int(ON_TRACK_FROM * 100), "at_risk": int(AT_RISK_FROM * 100)}


def elapsed_share(starts_on: date, ends_on: date, today: date) -> Decimal:
    """The share of the period's days that have begun, from 1/n on its first day to 1 on its last."""
    if today < starts_on:
        return Decimal(0)
    if today >= ends_on:
        return Decimal(1)
    return Decimal((today - starts_on).days + 1) / Decimal((ends_on - starts_on).days + 1)


def period_status(
    *, target: int | None, actual: int | None, starts_on: date, ends_on: date, today: date | None = None
) -> PeriodStatus:
    today = today or clock.today()
    if target is None:
        return PeriodStatus(Status.NO_TARGET)
    if today < starts_on:
        return PeriodStatus(Status.NOT_STARTED)
    if actual is None:
        return PeriodStatus(Status.NO_ACTUAL)
    expected = target * elapsed_share(starts_on, ends_on, today)
    if expected == 0:  # a target of zero is met by anything
        return PeriodStatus(Status.ON_TRACK, expected=expected)
    ratio = Decimal(actual) / expected
    if ratio >= ON_TRACK_FROM:
        status = Status.ON_TRACK
    elif ratio >= AT_RISK_FROM:
        status = Status.AT_RISK
    else:
        status = Status.BEHIND
    return PeriodStatus(status, expected=expected, ratio=ratio)


def status_shown(
    *,
    target: int | None,
    actual: int | None,
    suppressed: bool,
    starts_on: date,
    ends_on: date,
    today: date | None = None,
) -> PeriodStatus:
    """The status a viewer who sees "5 미만" instead of the count may read: the status itself when
    every small count (1 to SMALL_COUNT − 1) gives the same one, so it tells nothing of which it is;
    UNDISCLOSED otherwise. Without `suppressed`, the status of the actual."""

    def status_at(value: int | None) -> PeriodStatus:
        return period_status(target=target, actual=value, starts_on=starts_on, ends_on=ends_on, today=today)

    if not suppressed:
        return status_at(actual)
    lowest, highest = status_at(1), status_at(SMALL_COUNT - 1)
    if lowest.status == highest.status:
        return PeriodStatus(lowest.status)
    return PeriodStatus(Status.UNDISCLOSED)
