"""`BroadcastSender` through the running bots (the shared session retries 429s itself,
after `retry_after`; one that still fails pauses the bot in the engine).

A bot that is not running is waited for (it may be restarting), but not forever: once
it has been away for NOT_RUNNING_GIVE_UP, its recipients fail at once until it is back.
A broadcast delivers its recipients in order, so one bot that never comes back (its
tenant stopped or failed meanwhile) would otherwise hold up every later recipient —
in a master console broadcast, the admins of every other tenant."""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.broadcasts.ports import RetryAfter, SendResult
from src.application.ports.messaging import Button
from src.core.broadcasts import BroadcastMessage, ProgressTarget, Recipient, RecipientState
from src.core.ids import TenantId
from src.infrastructure.telegram.registry import BotRegistry

log = logging.getLogger(__name__)
NOT_RUNNING_WAIT = 5.0  # seconds: a bot being restarted is tried again after this
NOT_RUNNING_GIVE_UP = 300.0  # seconds away after which a bot's recipients fail
NETWORK_WAIT = 1.0


def _markup(label: str | None, url: str | None = None) -> InlineKeyboardMarkup | None:
    if label is None:
        return None
    button = InlineKeyboardButton(text=label, url=url)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


class AiogramBroadcastSender:
    def __init__(
        self,
        registry: BotRegistry,
        *,
        give_up: float = NOT_RUNNING_GIVE_UP,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._registry = registry
        self._give_up, self._clock = give_up, clock
        self._away_since: dict[TenantId, float] = {}

    async def send(self, recipient: Recipient, message: BroadcastMessage) -> SendResult:
        bot = self._registry.get(recipient.tenant_id)
        if bot is None:
            now = self._clock()
            since = self._away_since.setdefault(recipient.tenant_id, now)
            if now - since >= self._give_up:
                log.warning("broadcast bot not running", extra={"tenant_id": recipient.tenant_id})
                return RecipientState.FAILED
            return RetryAfter(NOT_RUNNING_WAIT)
        self._away_since.pop(recipient.tenant_id, None)
        # the label as typed: the bot turns button labels from HTML into plain text
        label = None if message.button_text is None else html.escape(message.button_text, False)
        markup = _markup(label, url=message.button_url)
        try:
            await self._send(bot, recipient.chat_id, message, markup)
        except TelegramRetryAfter as exc:
            return RetryAfter(float(exc.retry_after))
        except TelegramForbiddenError:
            return RecipientState.BLOCKED
        except TelegramNetworkError:
            return RetryAfter(NETWORK_WAIT)
        except TelegramAPIError as exc:  # chat not found, bad photo: this chat only
            log.warning("broadcast message refused", extra={"error": type(exc).__name__})
            return RecipientState.FAILED
        return RecipientState.SENT

    @staticmethod
    async def _send(
        bot: Bot, chat_id: int, message: BroadcastMessage, markup: InlineKeyboardMarkup | None
    ) -> None:
        if message.photo_file_id:
            await bot.send_photo(
                chat_id,
                message.photo_file_id,
                caption=message.text,
                reply_markup=markup,
                parse_mode=None,  # the text as its author typed it, not the bots' HTML
            )
        else:
            await bot.send_message(chat_id, message.text, reply_markup=markup, parse_mode=None)

    async def show_progress(
        self, target: ProgressTarget, text: str, buttons: tuple[tuple[Button, ...], ...]
    ) -> int | None:
        bot = self._registry.get(target.recipient.tenant_id)
        if bot is None:
            return None
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url)
                    for b in row
                ]
                for row in buttons
            ]
        )
        chat = target.recipient.chat_id
        try:
            if target.message_id is not None:
                try:
                    await bot.edit_message_text(
                        text=text, chat_id=chat, message_id=target.message_id, reply_markup=markup
                    )
                    return target.message_id
                except TelegramBadRequest as exc:
                    if "not modified" in str(exc):
                        return target.message_id
                    raise
            sent = await bot.send_message(chat, text, reply_markup=markup)
        except TelegramAPIError:
            log.warning("broadcast progress not shown", extra={"tenant_id": target.recipient})
            return None
        return sent.message_id
