"""Optimistic concurrency for edit forms and PATCH: a save names the version it was read at, and is
refused, with what changed since, when the row no longer is at that version (docs/registry.md).

A version is derived from the values an editor can change, one short digest per field, not stored.
So every write path counts (services, the admin, imports, queryset `.update()`, SQL by hand) without
anyone remembering to bump a column; a save that changes nothing leaves others' forms current; and the
version itself tells which fields changed since, without a history of values. A value changed and
changed back counts as unchanged: the editor then overwrites exactly what they saw, so nothing is lost.
"""

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

DIGEST_CHARS = 8  # 32 bits per field: two different values share a digest once in four billion
MAX_FIELDS = 64
_VERSION = re.compile(rf"^(?:[0-9a-f]{{{DIGEST_CHARS}}}){{1,{MAX_FIELDS}}}$")
VERSION_PATTERN = _VERSION.pattern  # for API schemas


def _canonical(value: Any) -> Any:
    """One JSON-able spelling per value, the same whether it comes from the database or a form."""
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value.normalize())  # 12.50 from the database is 12.5 from a form
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted((_canonical(item) for item in value), key=repr)
    return str(value)


def _digest(name: str, value: Any) -> str:
    spelled = json.dumps([name, _canonical(value)], ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(spelled.encode(), digest_size=DIGEST_CHARS // 2).hexdigest()


def version_of(values: Mapping[str, Any]) -> str:
    """The version of a row, from its editable values in a fixed order (field name → value)."""
    return "".join(_digest(name, value) for name, value in values.items())


def version_is_wellformed(version: str) -> bool:
    return bool(_VERSION.match(version))


def _digests(version: str) -> list[str]:
    return [version[i : i + DIGEST_CHARS] for i in range(0, len(version), DIGEST_CHARS)]


class EditConflict(ValidationError):
    """The row changed after the editor read it; nothing was written.

    `changed` maps each field changed since to its value now; `clashing` names those the editor was
    changing too, to another value; `current_version` lets a deliberate second save go through.
    """

    def __init__(self, *, changed: dict[str, Any], clashing: set[str], current_version: str) -> None:
        super().__init__(
            _("다른 사람이 먼저 이 정보를 바꿨습니다. 아무것도 저장하지 않았습니다."), code="edit_conflict"
        )
        self.changed = changed
        self.clashing = clashing
        self.current_version = current_version


def version_check(*, expected: str | None, current: Mapping[str, Any], requested: Mapping[str, Any]) -> None:
    """Raise EditConflict if `current` (the row as stored, read under lock) is no longer at the
    `expected` version; `requested` holds the values the editor is about to write. No version, no
    check: the caller then chose last-writer-wins."""
    if expected is None:
        return
    if not version_is_wellformed(expected):
        raise ValidationError(
            {"version": [_("버전 정보가 올바르지 않습니다. 최신 정보를 다시 불러와 주세요.")]},
            code="invalid_version",
        )
    seen = _digests(expected)
    if len(seen) != len(current):  # a version of another list of fields: none of it can be trusted
        seen = []
    changed = {
        name: value
        for position, (name, value) in enumerate(current.items())
        if not seen or seen[position] != _digest(name, value)
    }
    if not changed:
        return
    positions = {name: position for position, name in enumerate(current)}
    clashing = {
        name
        for name in changed
        if name in requested
        and _digest(name, requested[name]) != _digest(name, current[name])
        and (not seen or _digest(name, requested[name]) != seen[positions[name]])
    }
    raise EditConflict(changed=changed, clashing=clashing, current_version=version_of(current))


def version_from_if_match(header: str) -> str | None:
    """The version an If-Match header names: one strong ETag as the ETag header sent it (quotes
    optional); None for "*", which any current version matches."""
    value = header.strip()
    if value == "*":
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not version_is_wellformed(value):
        raise ValidationError(
            {
                "If-Match": [
                    _('If-Match에는 이 자원의 ETag 하나를 ETag 헤더가 보낸 그대로 넣거나 "*"를 넣어 주세요.')
                ]
            }
        )
    return value


def conflict_json(conflict: EditConflict) -> dict[str, Any]:
    """The API's 409 body: what changed since, with the values stored now, and the version to send."""

    def plain(value: Any) -> Any:
        if isinstance(value, models.Model):
            return getattr(value, "slug", value.pk)
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    return {
        "detail": conflict.messages[0],
        "changed": {name: plain(value) for name, value in conflict.changed.items()},
        "current_version": conflict.current_version,
    }


# --- edit pages ----------------------------------------------------------------------------------


class VersionedModelForm(forms.ModelForm):
    """An edit form that carries the version its row was loaded at (set it as `initial["version"]`).
    Left empty (an add form, an old script) it checks nothing."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        version = (self.cleaned_data.get("version") or "").strip()
        if version and not version_is_wellformed(version):
            # Above the form: a hidden field's own error would name a field the user cannot see.
            self.add_error(
                None, _("이 양식의 버전 정보가 올바르지 않습니다. 페이지를 새로 열어 다시 입력해 주세요.")
            )
        self.cleaned_data["version"] = version or None
        return self.cleaned_data


@dataclass
class ConflictRow:
    label: str
    theirs: str
    yours: str | None  # None: the editor had not changed it, so the form now holds theirs


def _shown(field: forms.Field, value: Any) -> str:
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return _("(비어 있음)")
    if isinstance(value, bool):
        return _("예") if value else _("아니요")
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(item) for item in value)
    if not isinstance(field, forms.ModelChoiceField) and getattr(field, "choices", None):
        labels = {str(key): label for key, label in field.choices}  # type: ignore[attr-defined]
        return str(labels.get(str(value), value))
    return str(value)


def _put(data: QueryDict, key: str, value: Any) -> None:
    """A stored value written back as the form's widgets post it."""
    if isinstance(value, list | tuple | models.QuerySet):
        data.setlist(key, [str(item.pk if isinstance(item, models.Model) else item) for item in value])
    elif isinstance(value, bool):
        data[key] = "true" if value else "false"
    elif isinstance(value, models.Model):
        data[key] = str(value.pk)
    else:
        data[key] = "" if value is None else str(value)


def conflict_form[F: forms.BaseForm](
    form: F, conflict: EditConflict, rebind: Callable[[QueryDict], F]
) -> tuple[F, list[ConflictRow]]:
    """The same form again after a refused save: the editor's input kept, the other person's changes
    taken in where the editor had not touched the field, the version brought up to date so a second
    save goes through; and the rows that show what changed (theirs against yours)."""
    data = form.data.copy()  # type: ignore[attr-defined]
    rows = []
    for name, theirs in conflict.changed.items():
        field = form.fields.get(name)
        if field is None:
            continue
        if name in conflict.clashing:
            yours: str | None = _shown(field, form.cleaned_data.get(name))
        else:
            _put(data, form.add_prefix(name), theirs)
            yours = None
        rows.append(ConflictRow(label=str(field.label), theirs=_shown(field, theirs), yours=yours))
    data[form.add_prefix("version")] = conflict.current_version
    return rebind(data), rows
