"""`UserMessenger` through the tenant's running bot."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.ports.messaging import Button
from src.core.ids import TenantId
from src.infrastructure.telegram.registry import BotRegistry

log = logging.getLogger(__name__)


class AiogramUserMessenger:
    def __init__(self, registry: BotRegistry) -> None:
        self._registry = registry

    async def send(
        self,
        tenant_id: TenantId,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        thread_id: int | None = None,
    ) -> bool:
        bot = self._registry.get(tenant_id)
        if bot is None:
            log.warning("no running bot to message through", extra={"tenant_id": tenant_id})
            return False
        markup = None
        if buttons:
            markup = InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url)
                        for b in row
                    ]
                    for row in buttons
                ]
            )
        try:
            await bot.send_message(chat_id, text, reply_markup=markup, message_thread_id=thread_id)
        except TelegramAPIError as exc:
            log.warning(
                "message not delivered", extra={"tenant_id": tenant_id, "error": type(exc).__name__}
            )
            return False
        return True
