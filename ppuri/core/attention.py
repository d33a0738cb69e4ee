"""What needs a person's attention now, by role: the workspace (/home/) asks this registry.

Each app registers, in its AppConfig.ready(), providers for the roles it serves: a provider takes the
user and returns an `Attention` (a title, a count, the page that lists them all and the first few
items) or None when it has nothing to say. Providers read through their app's selectors, so the
workspace shows only what those selectors let this user see and decides no visibility itself.
A module that is not built yet is registered as `coming`: the workspace names it honestly.

core knows no app and no role table: roles are plain strings here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

Text = str | Promise


@dataclass(frozen=True)
class AttentionItem:
    label: str
    url: str
    note: Text = ""


@dataclass(frozen=True)
class Attention:
    key: str
    title: Text
    count: int
    url: str
    items: list[AttentionItem] = field(default_factory=list)
    empty: Text = ""  # what to say when the count is 0


@dataclass(frozen=True)
class Coming:
    title: Text
    description: Text


Provider = Callable[[Any], Attention | None]

_PROVIDERS: dict[str, list[Provider]] = {}
_COMING: dict[str, list[Coming]] = {}

ITEMS_SHOWN = 5  # the first few of each list; its page holds the rest


def register(*, roles: Iterable[str], provider: Provider) -> None:
    for role in roles:
        providers = _PROVIDERS.setdefault(str(role), [])
        if provider not in providers:  # ready() may run twice in tests
            providers.append(provider)


def register_coming(*, roles: Iterable[str], title: Text, description: Text) -> None:
    for role in roles:
        coming = _COMING.setdefault(str(role), [])
        if not any(entry.title == title for entry in coming):
            coming.append(Coming(title=title, description=description))


def attention_for(user: Any, *, role: str) -> list[Attention]:
    found = (provider(user) for provider in _PROVIDERS.get(role, []))
    return [attention for attention in found if attention is not None]


def coming_for(*, role: str) -> list[Coming]:
    return list(_COMING.get(role, []))
