"""What every programme service asks first."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ppuri.accounts.roles import refuse_unless, runs_programs


def require_staff(user: Any) -> None:
    """Operators and the city's staff edit the programmes (403 for everyone else)."""
    refuse_unless(runs_programs(user), _("사업 관리는 운영기관과 인천시 담당자만 할 수 있습니다."))


def clean_model(
    obj: Any, errors: dict[str, str], exclude: list[str] | None = None, *, validate_unique: bool = True
) -> None:
    """The model's own checks (lengths, choices, validators, unique fields) with the service's, all at
    once and by field, so a form shows every mistake in one answer. Constraints are left to the
    database (and to the services' own checks, which name the field first)."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False, validate_unique=validate_unique)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)
