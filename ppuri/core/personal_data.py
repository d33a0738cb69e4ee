"""What Ppuri holds about a person, and what deleting their account does to it (PIPA 제35~37조: the
right to see, download, correct and delete one's data).

Core knows no domain app: each app registers a `Provider` for the personal data it holds in its
AppConfig.ready(), the way apps hand documents to search. A provider

- `export(user)`: the sections of what it holds about the user (a title and rows of field and value),
  read for the "my data" page, its JSON and CSV downloads and `GET /api/v1/me/data`;
- `erase(user)`: at account deletion, deletes or anonymises what the law lets go and keeps what it
  requires, and says which (an `Erasure`);
- `deletes` and `keeps`: the same said in advance, for the page a person reads before deciding;
- `warnings(user)`: what deleting would leave behind (a company without an administrator);
- `models`: the models ("app.Model") whose fields pointing at the user model it answers for. A test
  (tests/test_my_data.py) fails when a model with such a field is answered for by no provider, so a
  new app cannot forget the people it stores.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

Text = str | Promise


@dataclass(frozen=True)
class Row:
    field: str
    value: str


@dataclass(frozen=True)
class Section:
    key: str  # stable: the JSON download and the API name sections by it
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Kept:
    """Something deletion keeps: what, why (the law or the business record) and for how long."""

    what: Text
    why: Text
    how_long: Text


@dataclass
class Erasure:
    """What one account's deletion did, in sentences for its owner."""

    erased: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def extend(self, other: "Erasure") -> None:
        self.erased += other.erased
        self.kept += other.kept


@dataclass(frozen=True)
class Provider:
    key: str
    models: tuple[str, ...]
    export: Callable[[Any], list[Section]]
    erase: Callable[[Any], Erasure]
    deletes: tuple[Text, ...] = ()
    keeps: tuple[Kept, ...] = ()
    warnings: Callable[[Any], list[str]] | None = None
    # Providers run in this order: the account's own data first, what hangs off it after.
    order: int = 100


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    if provider.key in _providers and _providers[provider.key] is not provider:
        raise ValueError(f"a personal-data provider {provider.key!r} is already registered")
    _providers[provider.key] = provider


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda provider: (provider.order, provider.key))


def covered_models() -> set[str]:
    return {label for provider in providers() for label in provider.models}


def fields_pointing_at_users() -> list[tuple[str, str]]:
    """Every (model label, field name) of the installed apps whose field refers to the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.Field) and model_field.related_model is user_model:
                found.append((model._meta.label, model_field.name))
    return found


def export(user: Any) -> list[Section]:
    """Everything held about the user, section by section, in the reader's language."""
    return [section for provider in providers() for section in provider.export(user)]


def erase(user: Any) -> Erasure:
    """Run every provider's erasure (inside the caller's transaction: account deletion's)."""
    done = Erasure()
    for provider in providers():
        done.extend(provider.erase(user))
    return done


def policy() -> tuple[list[Text], list[Kept]]:
    """What deletion deletes and what it keeps, said before anyone deletes anything."""
    deletes = [text for provider in providers() for text in provider.deletes]
    keeps = [kept for provider in providers() for kept in provider.keeps]
    return deletes, keeps


def warnings(user: Any) -> list[str]:
    return [text for provider in providers() if provider.warnings for text in provider.warnings(user)]


def as_json(user: Any, sections: list[Section]) -> dict[str, Any]:
    """The download and `GET /api/v1/me/data`: the same document."""
    return {
        "generated_at": timezone.now().isoformat(),
        "user_id": user.pk,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "rows": [{"field": row.field, "value": row.value} for row in section.rows],
            }
            for section in sections
        ],
    }


def value_text(value: Any) -> str:
    """A stored value as the page, the CSV and the JSON show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("예") if value else gettext("아니요")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rows(*pairs: tuple[Text, Any]) -> list[Row]:
    return [Row(field=str(label), value=value_text(value)) for label, value in pairs]
