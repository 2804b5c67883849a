"""Outgoing Bot API calls that hit the flood limit are retried after `retry_after`."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Sleep `retry_after` and try again, up to `max_retries` times and `max_wait` s each."""

    def __init__(self, max_retries: int = 3, max_wait: float = 60.0) -> None:
        self._max_retries, self._max_wait = max_retries, max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                attempt += 1
                if isinstance(method, GetUpdates) or attempt > self._max_retries:
                    raise
                wait = min(float(exc.retry_after), self._max_wait)
                log.warning(
                    "flood limit, retrying",
                    extra=_fields(bot, method, retry_after=wait, attempt=attempt),
                )
                await asyncio.sleep(wait)


def _fields(bot: Bot, method: TelegramMethod[Any], **extra: Any) -> dict[str, Any]:
    return {"telegram_bot_id": bot.id, "method": type(method).__name__, **extra}
