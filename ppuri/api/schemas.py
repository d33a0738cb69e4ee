"""Base input schema: every API input rejects what the database would choke on, with a 422."""

from typing import Any, Self

from ninja import Schema
from pydantic import model_validator


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


class InputSchema(Schema):
    @model_validator(mode="before")
    @classmethod
    def require_an_object(cls, data: Any) -> Any:
        # ninja's schemas read attributes too, so a JSON array would otherwise pass as "no fields set".
        payload = getattr(data, "_obj", data)
        if isinstance(payload, list | tuple | str | int | float | bool):
            raise ValueError("The body must be a JSON object.")
        return data

    @model_validator(mode="after")
    def reject_nul_characters(self) -> Self:
        # PostgreSQL refuses NUL in text; SQLite stores it. Refuse it everywhere, the same way.
        if _contains_nul(self.__dict__):
            raise ValueError("Text may not contain NUL (\\u0000) characters.")
        return self


def reject_null(value: Any) -> Any:
    """For PATCH fields that may be left out but not set to null (their columns are NOT NULL)."""
    if value is None:
        raise ValueError("May not be null; leave the field out to keep its value.")
    return value
