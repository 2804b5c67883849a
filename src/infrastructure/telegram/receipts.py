"""`ReceiptDesk` through the tenant's running bot: receipts in its admin chat."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.ports.card_payments import DeskMessage
from src.application.ports.messaging import Button
from src.core.ids import TenantId
from src.infrastructure.telegram.registry import BotRegistry

log = logging.getLogger(__name__)


def _markup(buttons: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.callback_data) for b in row]
            for row in buttons
        ]
    )


class AiogramReceiptDesk:
    def __init__(self, registry: BotRegistry) -> None:
        self._registry = registry

    async def post(
        self,
        tenant_id: TenantId,
        chat_id: int,
        thread_id: int | None,
        text: str,
        photo_file_id: str | None,
        buttons: Sequence[Sequence[Button]],
    ) -> DeskMessage | None:
        bot = self._registry.get(tenant_id)
        if bot is None:
            log.warning("no running bot to post a receipt through", extra={"tenant_id": tenant_id})
            return None
        try:
            if photo_file_id is not None:
                sent = await bot.send_photo(
                    chat_id,
                    photo_file_id,
                    caption=text,
                    reply_markup=_markup(buttons),
                    message_thread_id=thread_id,
                )
            else:
                sent = await bot.send_message(
                    chat_id, text, reply_markup=_markup(buttons), message_thread_id=thread_id
                )
        except TelegramAPIError as exc:
            log.warning(
                "receipt not delivered", extra={"tenant_id": tenant_id, "error": type(exc).__name__}
            )
            return None
        return DeskMessage(chat_id, sent.message_id)

    async def close(
        self, tenant_id: TenantId, message: DeskMessage, text: str, *, photo: bool
    ) -> bool:
        bot = self._registry.get(tenant_id)
        if bot is None:
            return False
        try:  # without reply_markup the edit removes the buttons
            if photo:
                await bot.edit_message_caption(
                    chat_id=message.chat_id, message_id=message.message_id, caption=text
                )
            else:
                await bot.edit_message_text(
                    text, chat_id=message.chat_id, message_id=message.message_id
                )
        except TelegramAPIError as exc:
            log.warning(
                "receipt message not updated",
                extra={"tenant_id": tenant_id, "error": type(exc).__name__},
            )
            return False
        return True
