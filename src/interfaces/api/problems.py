"""Errors as RFC 9457 problem details (`application/problem+json`), mapped in one table.

Every error body is `{type, title, status, detail, code, errors?}`: `code` is the
stable `DomainError.code` (or one of the transport codes below), `errors` names
the offending fields of a validation error. A 5xx never carries internals: the
exception is logged (with the tenant id) and the client gets a generic detail.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from src.core.errors import (
    Conflict,
    DomainError,
    ExternalServiceError,
    Forbidden,
    NotFound,
    Unauthenticated,
    ValidationError,
)
from src.infrastructure.logging_setup import current_tenant

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:fleet:problem:"

# The one mapping from the kind of a domain error to an HTTP status (most specific first
# is not needed: the lookup walks the exception's MRO).
STATUS_OF: dict[type[DomainError], int] = {
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    ValidationError: 422,
    ExternalServiceError: 502,
    DomainError: 422,
}
# Transport-level failures that have no domain error.
TRANSPORT_CODES: dict[int, str] = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


class FieldError(msgspec.Struct):
    field: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | msgspec.UnsetType = msgspec.UNSET


def problem(
    status: int,
    code: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    body = Problem(
        type=TYPE_PREFIX + code,
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        code=code,
        errors=errors if errors is not None else msgspec.UNSET,
    )
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(exc: DomainError) -> int:
    for kind in type(exc).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 422


def on_domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[Problem]:
    status = status_of(exc)
    field = getattr(exc, "field", None)
    errors = [FieldError(field, exc.message)] if field else None
    headers = {"WWW-Authenticate": 'Bearer realm="fleet"'} if status == 401 else None
    return problem(status, exc.code, exc.message, errors, headers)


_NAMED = re.compile(r"(?:unknown|missing required) field `([^`]*)`")
_ROOTS = (None, "", "data", "body")


def _field_of(key: str | None, message: str) -> str:
    """The dotted field path: Litestar's key, refined by the field msgspec names."""
    named = _NAMED.search(message)
    if named:
        return named.group(1) if key in _ROOTS else f"{key}.{named.group(1)}"
    return "body" if key in _ROOTS or key is None else key


def _message_of(message: str) -> str:
    return message.split(" - at ", 1)[0]


def on_validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Problem]:
    """Litestar's own validation (msgspec): bad JSON, unknown field, wrong type, bad param."""
    errors: list[FieldError] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict):
            message = str(item.get("message", "invalid value"))
            key = item.get("key")
            errors.append(FieldError(_field_of(key, message), _message_of(message)))
    if not errors:
        detail = str(exc.detail) if exc.detail else "invalid request"
        errors.append(FieldError(_field_of(None, detail), _message_of(detail)))
    return problem(422, "validation_error", "the request is not valid", errors)


def on_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    """Routing and protocol errors (unknown route 404, 405, 415, ...) as problems too."""
    status = exc.status_code
    if status >= 500:
        return on_unexpected(request, exc)
    if status == 400:  # a body that is not JSON: a validation error like any other
        errors = [FieldError("body", str(exc.detail))]
        return problem(422, "validation_error", "the request is not valid", errors)
    code = TRANSPORT_CODES.get(status, "http_error")
    detail = exc.detail if status != 404 else "no such resource"
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
    return problem(status, code, detail, headers=headers or None)


def on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    if isinstance(exc, UnicodeDecodeError):  # a body that is not UTF-8: the client's fault
        errors = [FieldError("body", "the body is not valid UTF-8")]
        return problem(422, "validation_error", "the request is not valid", errors)
    log.error(
        "unhandled error in API request",
        exc_info=exc,
        extra={
            "method": request.method,
            "path": request.url.path,
            "tenant_id": current_tenant.get(),
        },
    )
    return problem(500, "internal_error", "an unexpected error occurred; it has been logged")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: on_domain_error,
    ValidationException: on_validation_error,
    HTTPException: on_http_exception,
    Exception: on_unexpected,
}
