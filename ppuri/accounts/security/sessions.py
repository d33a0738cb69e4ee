"""Session rules, kept on the server: a session ends after a while without requests (shorter for the
roles that must use a second factor), in any case some hours after sign-in, and when its user's
session epoch has moved on ("log out of other sessions", a second factor enrolled or reset, a
password changed).

A session remembers the epoch it was opened in, when it was opened and when it was last seen; the
middleware compares them with the user's row, which the request loads anyway, so the checks cost no
query. A password change also ends the other sessions through Django's own session hash.
"""

import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ppuri.accounts.models import User
from ppuri.accounts.security.selectors import mfa_enrolled, mfa_required
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify

EPOCH_KEY = "ppuri_session_epoch"
STARTED_KEY = "ppuri_session_started"
SEEN_KEY = "ppuri_session_seen"
# Whether the user had a confirmed authenticator when this session opened (it then must verify);
# enrolling elsewhere raises the epoch, so the flag never goes stale in a live session.
ENROLLED_KEY = "ppuri_mfa_enrolled"
# The last-seen time is written at most this often, not on every request (each write saves the session).
SEEN_RESOLUTION_SECONDS = 60

EXPIRED = "expired"
ENDED = "ended"


def idle_limit_seconds(user: Any) -> int:
    privileged = mfa_required(user)
    minutes = (
        settings.PPURI_SESSION_IDLE_MINUTES_PRIVILEGED if privileged else settings.PPURI_SESSION_IDLE_MINUTES
    )
    return int(minutes) * 60


def session_start(*, request: HttpRequest, user: User) -> None:
    """Stamp a session at sign-in (the user_logged_in signal, so every way in — the login page,
    force_login in tests — is covered)."""
    now = time.time()
    # The epoch as stored: an instance held in memory since before a raise would open an ended session.
    request.session[EPOCH_KEY] = (
        User.objects.filter(pk=user.pk).values_list("session_epoch", flat=True).first() or 0
    )
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    request.session[ENROLLED_KEY] = mfa_enrolled(user=user)


def session_end_reason(*, request: HttpRequest, user: Any) -> str | None:
    """ENDED when the user's epoch moved on, EXPIRED past the idle or absolute limit, else None."""
    session = request.session
    if session.get(EPOCH_KEY, 0) != user.session_epoch:
        return ENDED
    now = time.time()
    started = float(session.get(STARTED_KEY, now))
    seen = float(session.get(SEEN_KEY, now))
    if now - started > settings.PPURI_SESSION_ABSOLUTE_HOURS * 3600:
        return EXPIRED
    if now - seen > idle_limit_seconds(user):
        return EXPIRED
    return None


def session_started(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """The user_logged_in receiver (a login without a request, as some tools do, has no session)."""
    if request is not None and hasattr(request, "session"):
        session_start(request=request, user=user)


def session_touch(*, request: HttpRequest) -> None:
    now = time.time()
    if now - float(request.session.get(SEEN_KEY, 0)) >= SEEN_RESOLUTION_SECONDS:
        request.session[SEEN_KEY] = now


def session_adopt_epoch(*, request: HttpRequest, epoch: int) -> None:
    """Keep the session that raised the epoch open."""
    request.session[EPOCH_KEY] = epoch


@transaction.atomic
def session_epoch_raise(*, user: User) -> int:
    """End every session of the user (each notices at its next request). Returns the new epoch."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    return user.session_epoch


@transaction.atomic
def sessions_end_others(*, user: User) -> int:
    """ "Log out of other sessions": every other browser signed in as this user is signed out. The
    caller keeps its own session with session_adopt_epoch. Returns the new epoch."""
    epoch = session_epoch_raise(user=user)
    activity_log(
        actor=user,
        verb="accounts.sessions.ended_others",
        target=user,
        summary=lambda: _("다른 기기의 세션을 모두 로그아웃했습니다."),
    )
    return epoch


@transaction.atomic
def password_changed(*, user: User) -> int:
    """After a password change: the other sessions end (Django's session hash already ends them; the
    epoch makes it explicit and shows in the record). Returns the new epoch for the changing session."""
    epoch = session_epoch_raise(user=user)
    activity_log(
        actor=user,
        verb="accounts.password.changed",
        target=user,
        summary=lambda: _("비밀번호를 바꿨습니다. 다른 기기의 세션은 로그아웃되었습니다."),
    )
    notify(
        recipients=[user],
        verb="accounts.password.changed",
        summary=lambda: _(
            "내 계정의 비밀번호가 바뀌었습니다. 본인이 바꾸지 않았다면 바로 운영기관에 알려 주세요."
        ),
    )
    return epoch
