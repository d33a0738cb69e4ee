"""Personal data Ppuri refuses: a 주민등록번호 (or 외국인등록번호) is never collected, in a file or in
free text (security-reliability checklist; 개인정보 보호법 §24-2).

`refuse_resident_numbers(instance)` is the one check of a row's free text. `guard_free_text` runs it
before every save of every Ppuri model (connected in core.apps), so each service's write is checked
where it reaches the database and a new form, API schema or service cannot forget it; forms and the
API show its error at the field it names (core.forms.add_service_errors, the API's 422).
"""

import re
import unicodedata
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A valid YYMMDD, an optional separator, then seven digits starting 1–8: 1–4 for citizens, 5–8 for the
# 외국인등록번호 of the same shape. The date check keeps 13-digit factory numbers from tripping it.
# Any separator people put between the halves: "900101-1234567", "900101 - 1234567", "900101.1234567".
_PERSONAL_NUMBER: Final = re.compile(
    r"(?<!\d)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*[-–—‐._/·]?\s*[1-8]\d{6}(?!\d)"
)


def looks_like_resident_number(value: str) -> bool:
    """Whether the text holds a number shaped like a 주민등록번호, full-width digits included."""
    return _PERSONAL_NUMBER.search(unicodedata.normalize("NFKC", value or "")) is not None


def refuse_resident_number(value: str, *, field: str | None = None) -> None:
    """A validator for free-text fields; a service names the `field` its error belongs to."""
    if looks_like_resident_number(value):
        error = ValidationError(
            _("주민등록번호 형식의 번호가 있습니다. 개인 식별번호는 받지 않으니 지우고 다시 입력해 주세요."),
            code="resident_number",
        )
        raise ValidationError({field: error}) if field else error


# Text that people do not type: hashes, keys and text derived from a checked field.
_NOT_TYPED: Final = {
    "accounts.User.password",
    "accounts.ApiToken.key_hash",
    "accounts.ApiToken.prefix",
    "registry.Organization.normalized_name",
    "incentives.IncentiveApplication.person_key",
    # A SHA-256 in hex: 13 digits in a row happen in about one hash in a few hundred.
    "incentives.IncentiveApplication.consent_token_hash",
    "registry.Invitation.secret_hash",
    "dashboards.ReportJob.session_hash",
}
# Records written by Ppuri itself, never typed: the change log and notifications (from rows already
# checked), the search index, and the reference vocabulary synced from its data files (whose sources
# cite document numbers).
_RECORD_APPS: Final = {"core", "search", "reference"}


def free_text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields of a model that hold text people type: character and text fields (e-mail and web
    addresses included: a number can be typed into those too) other than slugs and fixed choices."""
    if model._meta.app_label in _RECORD_APPS:
        return []
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and f"{model._meta.label}.{field.name}" not in _NOT_TYPED
    ]


def refuse_resident_numbers(instance: models.Model, *, only: Any = None) -> None:
    """Refuse a row whose free text holds a 주민등록번호-shaped number: a ValidationError naming every
    such field (by its name as the key, its label in the message). `only` limits the check to the
    fields a save writes (update_fields)."""
    errors: dict[str, list[str]] = {}
    for field in free_text_fields(type(instance)):
        if only is not None and field.name not in only and field.attname not in only:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and looks_like_resident_number(value):
            errors[field.name] = [
                gettext(
                    "%(field)s에 주민등록번호 형식의 번호가 있습니다. 개인 식별번호는 받지 않으니 "
                    "지우고 다시 입력해 주세요."
                )
                % {"field": field.verbose_name}
            ]
    if errors:
        raise ValidationError(errors, code="resident_number")


def guard_free_text(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    """pre_save: nothing with a 주민등록번호 reaches the database, whichever path wrote it."""
    if raw:  # loading a fixture writes rows as they were stored
        return
    refuse_resident_numbers(instance, only=kwargs.get("update_fields"))
