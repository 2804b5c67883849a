"""Every HTTP request gets a request id: the caller's `X-Request-ID` when it is a plain
token (at most 64 of letters, digits, `-`, `_`, `.`, `:`), otherwise a new one. It is set
in the logging context (every line logged while the request is answered carries
`request_id`) and echoed in the response's `X-Request-ID` header."""

from __future__ import annotations

import re
import uuid

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from src.infrastructure.logging_setup import current_request

HEADER = b"x-request-id"
_PLAIN = re.compile(rb"[A-Za-z0-9._:-]{1,64}")


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == HEADER and _PLAIN.fullmatch(value):
            return value.decode("ascii")
    return uuid.uuid4().hex


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = request_id_of(scope)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != HEADER]
                message = {**message, "headers": [*headers, (HEADER, request_id.encode())]}
            await send(message)

        token = current_request.set(request_id)
        try:
            await app(scope, receive, send_with_id)
        finally:
            current_request.reset(token)

    return middleware
