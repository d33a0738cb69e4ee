"""The dashboards' one write: recording a report handed out (who, which, when, from where, why)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ppuri.core.access import client_ip
from ppuri.dashboards.models import ReportDownload
from ppuri.dashboards.selectors import Dashboard

REASON_MAX = 200


def report_download_record(
    *, request: HttpRequest, user: Any, dashboard: Dashboard, fmt: str, reason: str
) -> ReportDownload:
    """Record the download before the report is made. An operator's report holds the unsuppressed
    figures (small counts): it needs a reason, kept with the record."""
    reason = (reason or "").strip()
    if fmt not in ReportDownload.Format.values:
        raise ValidationError({"format": [_("보고서 형식은 xlsx나 pdf입니다.")]})
    if dashboard.exact and not reason:
        raise ValidationError(
            {"reason": [_("비공개 값(5 미만 등)이 담긴 보고서입니다. 내려받는 이유를 적어 주세요.")]}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("이유는 %(max)d자 이내로 적어 주세요.") % {"max": REASON_MAX}]})
    signed_in = getattr(user, "is_authenticated", False)
    record = ReportDownload(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        scope=dashboard.scope.slug,
        period=dashboard.period.key,
        format=fmt,
        unsuppressed=dashboard.exact,
        reason=reason,
        ip_address=client_ip(request),
        path=request.path[:500],
    )
    record.full_clean()
    record.save()
    return record
