"""Who may see an object: the question every list, feed, search result, notification and export asks
of the one place that answers it for the object's type.

Each domain app answers for its own models in its selectors (`requests_visible_to(user)`,
`challenges_visible_to(user)`, …) and registers that answer here in its AppConfig.ready(), the way apps
hand documents to search: core knows no domain app. A type nobody registered is visible to nobody
(deny by default), so a new model's activity cannot reach a public page by being forgotten.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from ppuri.core.permissions import is_operator

# The viewer → the rows of one model this viewer may see (a queryset the caller narrows further).
VisibleTo = Callable[[Any], models.QuerySet[Any]]

_visible_to: dict[type[models.Model], VisibleTo] = {}


def register(model: type[models.Model], visible_to: VisibleTo) -> None:
    if model in _visible_to and _visible_to[model] is not visible_to:
        raise ValueError(f"{model.__name__} already has a visibility rule")
    _visible_to[model] = visible_to


def visible_pks(*, user: Any, model: type[models.Model], pks: Iterable[Any]) -> set[str]:
    """Which of these primary keys of `model` the viewer may see, as strings (the form ActivityLog
    keeps them in). One query per call."""
    rule = _visible_to.get(model)
    wanted = {str(pk) for pk in pks}
    if rule is None or not wanted:
        return set()
    field = model._meta.pk
    assert field is not None
    keys = {field.to_python(pk) for pk in wanted}
    return {str(pk) for pk in rule(user).filter(pk__in=keys).values_list("pk", flat=True)}


def is_visible(*, user: Any, obj: models.Model) -> bool:
    return str(obj.pk) in visible_pks(user=user, model=type(obj), pks=[obj.pk])


def has_rule(model: type[models.Model]) -> bool:
    return model in _visible_to


def operators_only(model: type[models.Model]) -> VisibleTo:
    """The rule of back-office rows (import runs, review items): operators see them, nobody else."""

    def visible_to(user: Any) -> models.QuerySet[Any]:
        return model._default_manager.all() if is_operator(user) else model._default_manager.none()

    return visible_to


def public(model: type[models.Model]) -> VisibleTo:
    """The rule of shared vocabulary (technologies, complexes, …): everyone sees every row."""

    def visible_to(user: Any) -> models.QuerySet[Any]:
        return model._default_manager.all()

    return visible_to
