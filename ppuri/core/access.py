"""The access record (접속기록): every read of personal data or confidential content — a contact's
details, a confidential case, consultation notes, quotes, a file — is recorded with who, what, when,
from which address and through which path (개인정보의 안전성 확보조치 기준 제8조).

Records are append-only (core.models.AccessRecord) and kept for PPURI_ACCESS_RECORD_RETENTION_DAYS
(at least a year, two by default); `ppuri purge_access_records` deletes the older ones, the only way
any is ever deleted. They are not activity: they never appear in a page's change log, only in the
operators' admin.
"""

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from ppuri.core.models import AccessRecord

Kind = AccessRecord.Kind
Action = AccessRecord.Action


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as django-ninja's throttling sees it: X-Forwarded-For only when a proxy
    count is configured (PROXY_COUNT), then the address the outermost of our proxies saw; otherwise
    REMOTE_ADDR, since a client can send any X-Forwarded-For it likes."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NINJA_NUM_PROXIES or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        chain = [part.strip() for part in forwarded.split(",")]
        address = chain[-min(proxies, len(chain))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def access_record(
    *,
    request: HttpRequest,
    target: models.Model,
    kind: str,
    action: str,
    user: Any = None,
    reason: str = "",
) -> AccessRecord:
    """Record that the request's user read `target` (`kind` of data, by `action`). `user` only where
    the reader is not request.user (an API read authenticated by a token on an open endpoint)."""
    if kind not in Kind.values or action not in Action.values:
        raise ValueError(f"unknown access record kind or action: {kind!r}, {action!r}")
    reader: Any = user if user is not None else getattr(request, "user", None)
    signed_in = getattr(reader, "is_authenticated", False)
    return AccessRecord.objects.create(
        user=reader if signed_in else None,
        username=reader.get_username() if signed_in else "",
        kind=kind,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        ip_address=client_ip(request),
        path=request.path[:500],
        reason=reason[:200],
    )


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Records made before this moment are past the retention and may be purged."""
    return (now or timezone.now()) - timedelta(days=settings.PPURI_ACCESS_RECORD_RETENTION_DAYS)


@transaction.atomic
def access_records_purge(*, before: datetime | None = None) -> int:
    """Delete the records made before `before` (default: the retention cutoff); refuses a moment
    inside the retention, so no record younger than the retention is ever deleted. Returns how many."""
    cutoff = retention_cutoff()
    before = before or cutoff
    if before > cutoff:
        raise ValueError(
            f"access records are kept {settings.PPURI_ACCESS_RECORD_RETENTION_DAYS} days: "
            f"only those before {cutoff:%Y-%m-%d %H:%M} may be purged"
        )
    return AccessRecord.objects.purge(before=before)
