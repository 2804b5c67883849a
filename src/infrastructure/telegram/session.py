"""The one HTTP session every bot shares, with its request middlewares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from src.infrastructure.metrics import BotApiMetrics
from src.infrastructure.telegram.rejected import TokenRejectedWatch
from src.infrastructure.telegram.retry import RetryAfterMiddleware

if TYPE_CHECKING:
    from aiogram import Bot


class PinResponseTypes(BaseRequestMiddleware):
    """Keep aiogram's parametrized `Response[T]` classes alive.

    aiogram builds `Response[method.__returning__]` on every call; pydantic caches
    parametrized generics only weakly, so after a garbage collection the next call
    rebuilds the class: milliseconds of schema work on the hot path (seen in the
    runtime benchmark's profile). One strong reference per method type, taken on
    the first call of that method, makes every later call a cache hit.
    """

    def __init__(self) -> None:
        self._pinned: dict[type[Any], Any] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        kind = type(method)
        if kind not in self._pinned:
            self._pinned[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)


def make_session(api_url: str, rejected: TokenRejectedWatch) -> AiohttpSession:
    """One shared session for every bot (docs/runtime.md: each session costs ~0.7 MB).

    The connector limit caps concurrent requests including long polls, so it is
    sized for many polling bots; 429 answers are retried after `retry_after`;
    a 401 on any call is reported to `rejected`'s listeners.
    """
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url), limit=10_000)
    session.middleware(PinResponseTypes())
    session.middleware(BotApiMetrics())
    session.middleware(rejected)
    session.middleware(RetryAfterMiddleware())
    return session
