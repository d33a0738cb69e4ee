"""Base input schema: every API input rejects what the database would choke on, with a 422; the ids it
takes; and the shapes of error answers."""

from typing import Annotated, Any, Self

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, model_validator

# An id as the database stores it (a signed 64-bit integer on SQLite and PostgreSQL): a larger one is a
# 422 naming the field, not an overflow in the query. Every id the API takes, in a path, a query or a
# body, has this type.
BIGINT_MAX = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]


class ErrorOut(Schema):
    """Every error answer but a 422: one sentence."""

    detail: str


class ConflictOut(Schema):
    """A 409: the object changed since the caller read it (core.concurrency); nothing was written."""

    detail: str
    changed: dict[str, Any] = Field(
        ..., description="바뀐 필드와 지금 값 / fields changed since, as stored now"
    )
    current_version: str = Field(..., description="다시 보낼 버전 / the version to send to overwrite")


class ValidationErrorOut(Schema):
    """A 422: the fields at fault, either as pydantic's list (type, loc, msg) or as field → messages."""

    detail: list[dict[str, Any]] | dict[str, list[str]]


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
            raise ValueError(_("본문은 JSON 객체여야 합니다."))
        return data

    @model_validator(mode="after")
    def reject_nul_characters(self) -> Self:
        # PostgreSQL refuses NUL in text; SQLite stores it. Refuse it everywhere, the same way.
        if _contains_nul(self.__dict__):
            raise ValueError(_("글에 NUL(\\u0000) 문자를 넣을 수 없습니다."))
        return self


def reject_null(value: Any) -> Any:
    """For PATCH fields that may be left out but not set to null (their columns are NOT NULL)."""
    if value is None:
        raise ValueError(_("null로 둘 수 없습니다. 값을 그대로 두려면 이 필드를 빼고 보내세요."))
    return value
