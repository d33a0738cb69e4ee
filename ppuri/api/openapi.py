"""The error answers of each operation in the OpenAPI document, derived from what the operation takes.

The handlers in ppuri.api.v1 and the middleware give every error the same JSON shape; which statuses an
operation can answer follows from its parameters, its authentication and its method, so they are
listed here by rule rather than on sixty decorators:

- 400: the body (or the query string) could not be parsed;
- 401: the operation needs a token or a session;
- 403: it needs one and writes (a session without its CSRF token; permissions checked by the services);
- 404: a path names an object, which may not exist or not be visible to the caller;
- 409: the input carries a `version` the object no longer has (someone changed it meanwhile);
- 413: the body is larger than the API accepts (see ApiJsonErrorsMiddleware);
- 422: a parameter is invalid (type, range, unknown slug or id, a state that does not allow it);
- 429: every operation is throttled.

Statuses that a rule cannot see (an operators-only read answering 403, a lookup by slug answering 404)
are declared on the route itself: `response={200: Out, 403: ErrorOut}`.
"""

from http import HTTPStatus
from typing import Any

from ninja import Schema
from ninja.openapi.schema import BODY_CONTENT_TYPES, OpenAPISchema
from ninja.operation import Operation
from pydantic import BaseModel

from ppuri.api.schemas import ConflictOut, ErrorOut, ValidationErrorOut

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
WITH_A_BODY = {"POST", "PUT", "PATCH"}  # the methods whose size ApiJsonErrorsMiddleware checks


def _takes_a_version(operation: Operation) -> bool:
    for model in operation.models:
        if model.__ninja_param_source__ not in BODY_CONTENT_TYPES:
            continue
        for field in model.model_fields.values():
            payload = field.annotation
            if (
                isinstance(payload, type)
                and issubclass(payload, BaseModel)
                and "version" in payload.model_fields
            ):
                return True
    return False


def error_statuses(operation: Operation) -> dict[int, type[Schema]]:
    """The error statuses this operation can answer, each with the schema of its body."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    has_body = bool(sources & set(BODY_CONTENT_TYPES))
    methods = {method.upper() for method in operation.methods}
    found: dict[int, type[Schema]] = {}
    if has_body or "query" in sources:
        found[400] = ErrorOut
    if operation.auth_callbacks:
        found[401] = ErrorOut
        if methods & WRITES:
            found[403] = ErrorOut
    if "path" in sources:
        found[404] = ErrorOut
    if _takes_a_version(operation):
        found[409] = ConflictOut
    if methods & WITH_A_BODY:
        found[413] = ErrorOut
    if sources:
        found[422] = ValidationErrorOut
    if operation.throttle_objects:
        found[429] = ErrorOut
    return found


class DocumentedErrorsSchema(OpenAPISchema):
    """Ninja's OpenAPI document with each operation's error answers added to those it declares."""

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        for status, model in error_statuses(operation).items():
            if status in result:
                continue
            # Wrapped as ninja wraps the responses a route declares, so that the schema lands in components.
            wrapper: Any = type("NinjaResponseSchema", (Schema,), {"__annotations__": {"response": model}})
            schema, _ = self._create_schema_from_model(wrapper, mode="serialization")
            result[status] = {
                "description": HTTPStatus(status).phrase,
                "content": {self.api.renderer.media_type: {"schema": schema}},
            }
        return dict(sorted(result.items()))
