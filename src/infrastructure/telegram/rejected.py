"""Any Bot API call Telegram answers with 401 reports its bot (docs/runtime.md: 401 =
token revoked or invalid; docs/runtime.md#lifecycle: the tenant becomes failed).

Not only getUpdates and setWebhook: in webhook mode a revoked token first shows
on a reply or an answerCallbackQuery made by a handler.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)
Listener = Callable[["Bot"], Awaitable[None]]


class TokenRejectedWatch(BaseRequestMiddleware):
    """Tell the listeners which bot got a 401; the error still reaches the caller."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramUnauthorizedError:
            for listener in self._listeners:
                try:
                    await listener(bot)
                except Exception:
                    log.exception("token-rejected listener failed", extra={"bot_id": bot.id})
            raise
