"""Editing a message in place, as Telegram allows it (docs/runtime.md).

Telegram refuses an edit that changes nothing (400 "message is not modified"): a
double tap on a button, two refusals in a row, a second client pressing on an older
view. The screen already shows what was asked for, so that is success, not a failure
to log and apologise for.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

NOT_MODIFIED = "message is not modified"


async def edit_text(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as exc:
        if NOT_MODIFIED not in exc.message:
            raise
