"""`TelegramGateway` over aiogram: token checks outside a running bot."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import (
    TelegramNetworkError,
    TelegramNotFound,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from src.application.ports.telegram import BotIdentity
from src.core.errors import ExternalServiceError, InvalidTelegramToken


class AiogramTelegramGateway:
    def __init__(self, session: AiohttpSession) -> None:
        self._session = session

    async def get_me(self, token: str) -> BotIdentity:
        bot = Bot(token, session=self._session)
        try:
            me = await bot.get_me(request_timeout=10)
        except (TelegramUnauthorizedError, TelegramNotFound):
            raise InvalidTelegramToken(
                "Telegram rejected this bot token", field="telegram_token"
            ) from None
        except (TelegramNetworkError, TelegramServerError) as exc:
            raise ExternalServiceError(f"Telegram is unreachable: {type(exc).__name__}") from None
        return BotIdentity(me.id, me.username or f"bot{me.id}", me.first_name)
