"""The fast bot tier: the real Dispatcher and handlers fed updates in-process.

No HTTP and no simulator: every Bot API call lands in a `RecordingSession`, which
answers as Telegram would for the calls the shop makes. Use cases run on the
in-memory adapters, so a journey costs milliseconds. The e2e tier
(tests/e2e/bots) proves the same journeys over HTTP.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update, User
from dependency_injector import providers

from src.application.tenancy.create_tenant import CreateTenantInput
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.interfaces.bot.dispatcher import build_dispatcher
from src.interfaces.platform import dispatcher_services
from src.sandbox.telegram.errors import ApiError
from src.sandbox.telegram.formatting import format_text, utf16_len
from tests.support.doubles import memory_telegram


@dataclass
class Sent:
    """A message the bot sent or edited, as the user sees it."""

    chat_id: int
    message_id: int
    text: str
    markup: InlineKeyboardMarkup | None

    @property
    def buttons(self) -> list[tuple[str, str]]:
        rows = self.markup.inline_keyboard if self.markup else []
        return [(b.text, b.callback_data or b.url or "") for row in rows for b in row]

    def button(self, label: str) -> str:
        for text, data in self.buttons:
            if label in text:
                return data
        raise AssertionError(f"no button {label!r} in {[t for t, _ in self.buttons]}")


@dataclass
class RecordingSession(BaseSession):
    """Answers the Bot API calls of the handlers and records them in order."""

    calls: list[TelegramMethod[Any]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _shown: dict[tuple[int, int], tuple[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()

    async def close(self) -> None:
        return None

    def stream_content(  # pragma: no cover - the shop downloads nothing
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> Any:
        self.calls.append(method)
        if isinstance(method, AnswerCallbackQuery):
            if method.text:
                self.alerts.append(method.text)
            return True
        self._parse_as_telegram(bot, method)
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            self._refuse_an_edit_that_changes_nothing(method)
        if isinstance(method, SendMessage | SendPhoto | EditMessageText | EditMessageReplyMarkup):
            return self._message(method)
        return True

    @staticmethod
    def _parse_as_telegram(bot: Bot, method: Any) -> None:
        """Telegram's 400 for a text it cannot parse ("can't parse entities", bad HTML
        from an unescaped `<` or `&`) or one over 4096 characters (1024 for a caption),
        as the Bot API simulator answers it (src/sandbox/telegram/formatting.py)."""
        if isinstance(method, SendMessage | EditMessageText):
            text, limit, too_long = method.text, 4096, "message is too long"
        elif isinstance(method, SendPhoto) and method.caption:
            text, limit, too_long = method.caption, 1024, "message caption is too long"
        else:
            return
        if getattr(method, "entities", None) or getattr(method, "caption_entities", None):
            return
        mode = method.parse_mode
        if mode is not None and not isinstance(mode, str):  # aiogram's Default("parse_mode")
            mode = bot.default[mode.name]
        try:
            shown, _ = format_text(text or "", mode, None)
        except ApiError as e:
            raise TelegramBadRequest(method, e.description) from None
        if utf16_len(shown) > limit:
            raise TelegramBadRequest(method, f"Bad Request: {too_long}")

    def _refuse_an_edit_that_changes_nothing(self, method: Any) -> None:
        """Telegram's 400 "message is not modified" (docs/sandbox.md): an edit to the same
        text and keyboard is an error the handlers must expect."""
        key = (int(method.chat_id), int(method.message_id))
        text = getattr(method, "text", None)
        if key in self._shown and self._shown[key] == (
            self._shown[key][0] if text is None else text,
            method.reply_markup,
        ):
            raise TelegramBadRequest(method, "Bad Request: message is not modified")

    def _message(self, method: Any) -> Message:
        chat_id = int(method.chat_id)
        message_id = getattr(method, "message_id", None) or next(self._ids)
        text = getattr(method, "text", None) or getattr(method, "caption", None) or ""
        markup = (
            method.reply_markup if isinstance(method.reply_markup, InlineKeyboardMarkup) else None
        )
        self.sent.append(Sent(chat_id, message_id, text, markup))
        self._shown[chat_id, message_id] = (text, method.reply_markup)
        return Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            text=text,
            reply_markup=markup,
        )


@dataclass
class FeedBot:
    """One tenant's bot on a Dispatcher, driven by updates built here."""

    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    tenant: Tenant
    _updates: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def feed(self, **update: Any) -> list[Sent]:
        """Feed one update; return what the bot sent or edited because of it."""
        before = len(self.session.sent)
        await self.dp.feed_update(self.bot, Update(update_id=next(self._updates), **update))
        return self.session.sent[before:]

    async def say(self, user_id: int, text: str, language: str = "en") -> list[Sent]:
        message = Message(
            message_id=next(self.session._ids),
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            from_user=_user(user_id, language),
            text=text,
        )
        return await self.feed(message=message)

    async def press(self, user_id: int, on: Sent, label: str) -> list[Sent]:
        return await self.press_data(user_id, on, on.button(label))

    async def press_data(self, user_id: int, on: Sent, data: str) -> list[Sent]:
        """Press any callback data on a message: a real button, or a forged one."""
        message = Message(
            message_id=on.message_id,
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            text=on.text,
        )
        query = CallbackQuery(
            id=str(next(self._updates)),
            from_user=_user(user_id, "en"),
            chat_instance="feed",
            message=message,
            data=data,
        )
        return await self.feed(callback_query=query)


def _user(user_id: int, language: str) -> User:
    return User(id=user_id, is_bot=False, first_name=f"user{user_id}", language_code=language)


async def feed_bot(container: Container, name: str = "Alpha", **tenant: Any) -> FeedBot:
    """Create a tenant on the (in-memory) container and its bot on a fresh Dispatcher."""
    session = RecordingSession()
    container.telegram_session.override(providers.Object(session))
    token = f"{7_000_000_001 + len(name)}:AAfeed{name}"
    gateway = memory_telegram(container)
    assert isinstance(gateway, InMemoryTelegramGateway)
    gateway.register(token, username=f"{name.lower()}_bot")
    created = await container.create_tenant()(
        CreateTenantInput(name=name, telegram_token=token, **tenant)
    )
    dp = build_dispatcher(dispatcher_services(container), storage=MemoryStorage())
    bot = container.bot_registry().add(created.tenant.id, token)
    return FeedBot(dp, bot, session, created.tenant)
