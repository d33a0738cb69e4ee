"""Tell people about a hand-over: a Notification row per recipient (the bell in the header) and an
e-mail through Django's mail backend, sent once the transaction has committed (nothing is announced
that was rolled back). The text is rendered in every language, like activity summaries; the e-mail
carries Korean first and English below, since Ppuri keeps no language preference per user."""

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import override

from ppuri.core.activity import Summary, _render
from ppuri.core.models import Notification

logger = logging.getLogger(__name__)
_state = threading.local()


@contextmanager
def without_email() -> Iterator[None]:
    """Notify in the app only, not by e-mail (the demo load, whose people nobody reads mail for)."""
    _state.quiet = True
    try:
        yield
    finally:
        _state.quiet = False


def notify(*, recipients: Iterable[Any], verb: str, summary: Summary, url: str = "") -> list[Notification]:
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    summaries = _render(summary)
    text = summaries.get(settings.LANGUAGE_CODE, summary if isinstance(summary, str) else "")[:300]
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=user, verb=verb, summary=text, summaries=summaries, url=url)
            for user in people.values()
        ]
    )
    link = f"{settings.PPURI_BASE_URL.rstrip('/')}{url}" if url else ""
    body = "\n\n".join(filter(None, [*dict.fromkeys(summaries.values() or [text]), link]))
    messages = [(f"[Ppuri] {text}", body, None, [user.email]) for user in people.values() if user.email]
    if messages:
        notice_mail_after_commit(messages)
    return rows


def notice_mail_after_commit(messages: list[tuple[str, str, None, list[str]]]) -> None:
    """A notice mailed as notify() mails it: not inside without_email(). Decided now: the mail goes
    after the commit, when a without_email() block may have ended."""
    if not getattr(_state, "quiet", False):
        mail_after_commit(messages)


def bilingual_mail(template: str, context: dict[str, object]) -> tuple[str, str]:
    """(subject, body) of `<template>_subject.txt` and `<template>.txt`: the body in Korean with English
    below (Ppuri keeps no language preference per person), the subject in Korean."""
    parts = []
    for language in ("ko", "en"):
        with override(language):
            parts.append(render_to_string(f"{template}.txt", context).strip())
    with override("ko"):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
    return subject, "\n\n----------------------------------------\n\n".join(parts)


def mail_after_commit(messages: list[tuple[str, str, None, list[str]]]) -> None:
    """Send these mails once the transaction has committed. The stored change (a notification, a new
    address) is the record: a mail server that is down is logged and must not undo it."""

    def send() -> None:
        try:
            send_mass_mail(messages)
        except Exception:
            logger.exception("Could not send %d e-mails", len(messages))

    transaction.on_commit(send)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
