"""Every tenant bot speaks Telegram HTML (docs/i18n.md#safe-formatting).

Messages and captions are sent with `parse_mode=HTML`: the bot's texts are HTML with
every inserted value escaped. Telegram shows some fields without parsing them (inline
and reply keyboard buttons, callback query alerts, the pre-checkout refusal, invoice
titles, descriptions and price labels); `HtmlBot` turns those into what the reader
should see (tags dropped, entities resolved) on their way out, whoever built them.
"""

from __future__ import annotations

import html
import re
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import (
    AnswerCallbackQuery,
    AnswerPreCheckoutQuery,
    CreateInvoiceLink,
    EditMessageCaption,
    EditMessageText,
    SendInvoice,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup, LabeledPrice, ReplyKeyboardMarkup

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>")
T = TypeVar("T")
HTML = DefaultBotProperties(parse_mode=ParseMode.HTML)
TEXT_MAX, CAPTION_MAX = 4096, 1024  # characters Telegram shows (UTF-16 code units)


def plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int) -> str:
    """An HTML `text` Telegram would refuse as too long, cut to `limit` shown characters
    (tags dropped rather than cut in half); any other text as it is."""
    shown = plain(text)
    if _utf16(shown) <= limit:
        return text
    cut = shown[: limit - 1]
    while (over := _utf16(cut) - (limit - 1)) > 0:
        cut = cut[: -max(1, over // 2)]
    return html.escape(cut + "…", quote=False)


def _html(method: Any) -> bool:
    if getattr(method, "entities", None) or getattr(method, "caption_entities", None):
        return False  # explicit entities: Telegram ignores parse_mode
    mode = getattr(method, "parse_mode", None)
    return mode is not None and (not isinstance(mode, str) or mode.lower() == "html")


def _markup(markup: Any) -> Any:
    if isinstance(markup, InlineKeyboardMarkup):
        return markup.model_copy(
            update={
                "inline_keyboard": [
                    [b.model_copy(update={"text": plain(b.text)}) for b in row]
                    for row in markup.inline_keyboard
                ]
            }
        )
    if isinstance(markup, ReplyKeyboardMarkup):
        return markup.model_copy(
            update={
                "keyboard": [
                    [b.model_copy(update={"text": plain(b.text)}) for b in row]
                    for row in markup.keyboard
                ]
            }
        )
    return markup


def plain_fields(method: TelegramMethod[T]) -> TelegramMethod[T]:
    """`method` with the fields Telegram does not parse as the reader should see them."""
    update: dict[str, Any] = {}
    # a text built from a list (a console page, an audit log) is clipped, not refused
    if isinstance(method, SendMessage | EditMessageText) and method.text and _html(method):
        update["text"] = fit(method.text, TEXT_MAX)
    elif isinstance(method, SendPhoto | EditMessageCaption) and method.caption and _html(method):
        update["caption"] = fit(method.caption, CAPTION_MAX)
    if isinstance(method, AnswerCallbackQuery) and method.text:
        update["text"] = plain(method.text)
    elif isinstance(method, AnswerPreCheckoutQuery) and method.error_message:
        update["error_message"] = plain(method.error_message)
    elif isinstance(method, SendInvoice | CreateInvoiceLink):
        update["title"] = plain(method.title)
        update["description"] = plain(method.description)
        update["prices"] = [
            LabeledPrice(label=plain(p.label), amount=p.amount) for p in method.prices
        ]
    markup = getattr(method, "reply_markup", None)
    if markup is not None:
        update["reply_markup"] = _markup(markup)
    return method.model_copy(update=update) if update else method


class HtmlBot(Bot):
    """A tenant's bot: HTML by default, plain text where Telegram does not parse."""

    async def __call__(
        self,
        method: TelegramMethod[T],
        request_timeout: int | None = None,
    ) -> T:
        return await super().__call__(plain_fields(method), request_timeout=request_timeout)
