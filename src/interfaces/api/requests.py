"""How the API reads a request: a JSON body is decoded strictly, in one pass, into the
type its handler declares.

Litestar decodes a body to plain JSON values and then converts them leniently (it
must: path and query values arrive as text), so `"100"`, `1e2` and `100.0` passed as
the integer 100 and money could be sent as a string. Here the body is decoded by
msgspec with `strict=True` straight into the handler's `data` type: an integer field
takes a JSON integer only, as the OpenAPI document says. A body nested too deep for
the decoder (RecursionError) is a 422 like any other invalid body, never a 500.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

_AT = re.compile(r" - at `\$\.?([^`]*)`$")


def _problem(message: str) -> ValidationException:
    """In the shape `problems.on_validation_error` reads: the field path, the message."""
    at = _AT.search(message)
    key = at.group(1) or None if at else None
    return ValidationException(detail=message, extra=[{"key": key, "message": message}])


class ApiRequest(Request[Any, Any, Any]):
    __slots__ = ()

    async def json(self) -> Any:
        data = self.route_handler.parsed_fn_signature.parameters.get("data")
        target = data.annotation if data is not None else Any
        try:
            return msgspec.json.decode(await self.body() or b"null", type=target, strict=True)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise _problem(str(exc)) from None
        except RecursionError:
            raise _problem("the body is nested too deeply") from None
