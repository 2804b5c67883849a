"""`POST /telegram/{tenant_id}`: Telegram's webhook deliveries (docs/runtime.md#modes)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from aiogram.types import Update
from litestar import Request, post
from litestar.handlers import HTTPRouteHandler
from litestar.response import Response
from pydantic import ValidationError

from src.core.ids import MAX_ID, TenantId
from src.infrastructure.metrics import UPDATES
from src.interfaces.bot.fair_queue import QueueFull
from src.interfaces.bot.runtime import BotRuntime

log = logging.getLogger(__name__)
SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 - a header name
JSON = "application/json"
_OK = b"{}"
SecretCheck = Callable[[int, str | None], bool]


def _problem(status: int, error: str) -> Response[bytes]:
    return Response(b'{"error":"%s"}' % error.encode(), status_code=status, media_type=JSON)


_LONG_DIGITS = re.compile(rb"\d{19}")


def _int64(literal: str) -> int:
    value = int(literal)
    if not -MAX_ID - 1 <= value <= MAX_ID:
        raise ValueError("an integer past int64")
    return value


def _ints_fit_int64(body: bytes) -> bool:
    """The Bot API promises ids that fit a signed 64-bit integer; a larger one
    could never be stored, so such an update is refused at the door. Called after
    pydantic accepted the body, so the nesting is already bounded. Every int64 has
    at most 19 digits: a body without a run of 19 digits cannot hold a larger
    integer, and skips the second parse (bench/workers.py)."""
    if _LONG_DIGITS.search(body) is None:
        return True
    try:
        json.loads(body, parse_int=_int64)
    except ValueError:
        return False
    return True


def webhook_route(runtime: BotRuntime, verify: SecretCheck) -> HTTPRouteHandler:
    """Order of checks: the secret first (it is derived from the tenant id, so a
    wrong secret says nothing about whether the tenant exists), then the tenant,
    then one parse of the raw body with the bot in context (a body nested too deep
    or holding an integer past int64 is 400 like any other non-update), then the
    queue."""

    @post("/telegram/{tenant_id:int}", include_in_schema=False, status_code=200)
    async def telegram_webhook(tenant_id: int, request: Request[Any, Any, Any]) -> Response[bytes]:
        if not verify(tenant_id, request.headers.get(SECRET_HEADER)):
            return _problem(401, "bad secret")
        bot = runtime.registry.get(TenantId(tenant_id))
        if bot is None:
            return _problem(404, "unknown tenant")
        body = await request.body()
        try:
            update = Update.model_validate_json(body, context={"bot": bot})
        except ValidationError:
            return _problem(400, "not an update")
        if not _ints_fit_int64(body):
            return _problem(400, "not an update")
        try:
            runtime.queue.put_nowait(TenantId(tenant_id), (bot, update))
        except QueueFull:
            UPDATES.labels("busy").inc()
            log.warning("update queue full", extra={"tenant_id": tenant_id})
            return _problem(503, "busy")
        return Response(_OK, media_type=JSON)

    return telegram_webhook
