"""`SupportDesk` through the tenant's running bot: tickets in its admin chat (docs/support.md)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import AiogramError
from aiogram.types import ReplyParameters

from src.application.ports.card_payments import DeskMessage
from src.core.ids import TenantId
from src.infrastructure.telegram.registry import BotRegistry

log = logging.getLogger(__name__)
T = TypeVar("T")


class AiogramSupportDesk:
    """Every call is best effort: a refusal (403, 400), a network failure or a bot that is
    not running gives None, logged with the tenant and the error's kind only."""

    def __init__(self, registry: BotRegistry) -> None:
        self._registry = registry

    async def _call(
        self, tenant_id: TenantId, what: str, call: Callable[[Bot], Awaitable[T]]
    ) -> T | None:
        bot = self._registry.get(tenant_id)
        if bot is None:
            log.warning("no running bot for the support desk", extra={"tenant_id": tenant_id})
            return None
        try:
            return await call(bot)
        except (AiogramError, OSError, TimeoutError) as exc:  # refusals, network, bad answers
            log.warning(
                "support desk call failed",
                extra={"tenant_id": tenant_id, "call": what, "error": type(exc).__name__},
            )
            return None

    async def is_forum(self, tenant_id: TenantId, chat_id: int) -> bool | None:
        async def get(bot: Bot) -> bool:
            return bool((await bot.get_chat(chat_id)).is_forum)

        return await self._call(tenant_id, "getChat", get)

    async def open_topic(self, tenant_id: TenantId, chat_id: int, name: str) -> int | None:
        async def create(bot: Bot) -> int:
            return (await bot.create_forum_topic(chat_id, name)).message_thread_id

        return await self._call(tenant_id, "createForumTopic", create)

    async def post(
        self,
        tenant_id: TenantId,
        chat_id: int,
        text: str | None,
        *,
        photo_file_id: str | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> DeskMessage | None:
        reply = (
            ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
            if reply_to is not None
            else None
        )

        async def send(bot: Bot) -> DeskMessage:
            if photo_file_id is not None:
                sent = await bot.send_photo(
                    chat_id,
                    photo_file_id,
                    caption=text,
                    message_thread_id=thread_id,
                    reply_parameters=reply,
                )
            else:
                sent = await bot.send_message(
                    chat_id, text or "", message_thread_id=thread_id, reply_parameters=reply
                )
            return DeskMessage(chat_id, sent.message_id)

        return await self._call(tenant_id, "send", send)
