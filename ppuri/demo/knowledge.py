"""The demo's knowledge base (data/knowledge.toml): the desk's solved cases whose companies consented,
published by the operator as anonymised defect cases, and guides written by the desk's experts.

Both go through ppuri.knowledge.services as those people, so the anonymisation check, the log, the
notifications and the search index are the real ones; a case's article is the service's own draft
(case_draft, the company's name taken out) with its effect line and a summary written by hand. The
services stamp "now"; what a publication wrote is then dated to its day (a few days after the case
closed, or the guide's `days_ago`), as the desk's steps are (demo/challenges.py)."""

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.challenges.models import Challenge
from ppuri.core.models import ActivityLog, Notification
from ppuri.demo.datafiles import data_file
from ppuri.knowledge import services
from ppuri.knowledge.models import Article
from ppuri.reference.models import Defect, Material, Process, Technology

_SEOUL = ZoneInfo("Asia/Seoul")
_EFFECT_LINE = re.compile(r"(?m)^효과: .*$")


def _dated(when: datetime, publish: Callable[[], Article]) -> Article:
    """Publish, then date the article and what the publication logged and notified to `when`."""
    started = timezone.now()
    if when >= started:
        raise ImproperlyConfigured(f"a demo article falls on {when:%Y-%m-%d}, not before today")
    article = publish()
    Article.objects.filter(pk=article.pk).update(published_at=when, created_at=when, updated_at=when)
    for model in (ActivityLog, Notification):
        model.objects.filter(verb__startswith="knowledge.", created_at__gte=started).update(created_at=when)
    return article


def _cases_publish(*, operator: User, challenges: dict[str, Challenge]) -> list[Article]:
    rows = {row["challenge"]: row for row in data_file("knowledge.toml")["case"]}
    unknown = set(rows) - {row["key"] for row in data_file("challenges.toml")["challenge"]}
    if unknown:
        raise ImproperlyConfigured(f"demo/data/knowledge.toml names unknown cases: {sorted(unknown)}")
    articles = []
    for key, challenge in challenges.items():
        challenge.refresh_from_db()
        publishable = (
            challenge.status == Challenge.Status.CLOSED
            and challenge.publish_consent
            and challenge.outcome in services.PUBLISHABLE
        )
        if publishable != (key in rows):
            raise ImproperlyConfigured(
                f"demo case {key}: knowledge.toml must list exactly the closed, solved cases with consent"
            )
        if not publishable or challenge.closed_at is None:
            continue
        row = rows[key]
        draft = services.case_draft(challenge)
        # The operator rewrites the draft's effect line in words; the rest is the service's text.
        body = _EFFECT_LINE.sub(row["effect"], draft["body"]) if "effect" in row else draft["body"]
        day = timezone.localtime(challenge.closed_at, _SEOUL).date() + timedelta(days=row["days_after_close"])
        articles.append(
            _dated(
                datetime.combine(day, time(10, 0), tzinfo=_SEOUL),
                partial(
                    services.article_publish_from_challenge,
                    actor=operator,
                    challenge=challenge,
                    title=draft["title"],
                    summary=row["summary"],
                    body=body,
                ),
            )
        )
    return articles


def _vocabulary(row: dict[str, Any]) -> dict[str, Any]:
    """The guide's technology, process, material and defect, which must belong together."""
    try:
        technology = Technology.objects.get(slug=row["technology"])
        process = Process.objects.get(slug=row["process"], technology=technology)
        material = Material.objects.get(slug=row["material"]) if "material" in row else None
        defect = Defect.objects.get(slug=row["defect"], technology=technology) if "defect" in row else None
    except (Technology.DoesNotExist, Process.DoesNotExist, Material.DoesNotExist, Defect.DoesNotExist):
        raise ImproperlyConfigured(
            f"demo guide {row['key']} names an unknown or mismatched technology, process, material or defect"
        ) from None
    return {"technology": technology, "process": process, "material": material, "defect": defect}


def _guides_publish() -> list[Article]:
    today = timezone.localdate()
    articles = []
    for row in data_file("knowledge.toml")["guide"]:
        author = User.objects.filter(username=row["author"], role=Role.EXPERT).first()
        if author is None:
            continue  # the expert's account was made by hand before the demo, or is missing
        fields = {
            "kind": Article.Kind.GUIDE,
            "title": row["title"],
            "summary": row["summary"],
            "body": row["body"].strip(),
            "audience": Article.Audience.PUBLIC,
            **_vocabulary(row),
        }
        day = today - timedelta(days=row["days_ago"])
        articles.append(
            _dated(
                datetime.combine(day, time(14, 0), tzinfo=_SEOUL),
                partial(services.article_create, actor=author, **fields),
            )
        )
    return articles


def articles_create(*, operator: User, challenges: dict[str, Challenge]) -> list[Article]:
    """The demo's guides, then its published cases. `challenges` are the desk's demo cases by key."""
    return [*_guides_publish(), *_cases_publish(operator=operator, challenges=challenges)]


def article_counts() -> dict[str, int]:
    """Articles per kind (guide, defect_case), as the knowledge page lists them."""
    return dict(Article.objects.values_list("kind").annotate(n=Count("pk")).order_by("kind"))
