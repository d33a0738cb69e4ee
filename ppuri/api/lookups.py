"""Reference rows named by slug in API input: a 422 naming the field for one that does not exist."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ppuri.reference.models import Defect, Material, Process, Technology


def by_slug(model: type[Any], field: str, value: str | None) -> Any:
    """The row with this slug, None for no value, or a ValidationError naming the field."""
    if not value:
        return None
    found = model.objects.filter(slug=value).first()
    if found is None:
        raise unknown_values(field, [value])
    return found


def by_slugs(model: type[Any], field: str, values: Sequence[str]) -> list[Any]:
    """The rows with these slugs, in the order given, or a ValidationError naming the field and every
    slug that names nothing."""
    found = model.objects.in_bulk(list(values), field_name="slug")
    unknown = [value for value in values if value not in found]
    if unknown:
        raise unknown_values(field, unknown)
    return [found[value] for value in values]


def unknown_values(field: str, values: Sequence[object]) -> ValidationError:
    """A 422 naming the field and the values in it that name nothing, in the request's language."""
    if len(values) == 1:
        message = _("%(field)s: 없는 값입니다(%(value)r).") % {"field": field, "value": values[0]}
    else:
        message = _("%(field)s: 없는 값입니다(%(values)s).") % {
            "field": field,
            "values": ", ".join(map(repr, values)),
        }
    return ValidationError({field: [message]})


def classification(payload: Any) -> dict[str, Any]:
    """The technology, process, material and defect of an input (reference.models.Classified)."""
    models = {"technology": Technology, "process": Process, "material": Material, "defect": Defect}
    return {field: by_slug(model, field, getattr(payload, field)) for field, model in models.items()}
