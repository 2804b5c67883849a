"""The simulated Telegram: bots, users, chats, files, faults, and the waiters of
``wait_for_message``. Shared by the HTTP handlers and the control interface."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import SimulatorError, bad_request, forbidden
from .faults import Faults
from .markup import inline_markup
from .records import CallbackAnswer, PreCheckoutAnswer, SentMessage
from .state import BotState, BoundedDict, ChatInfo, FileRecord, UserInfo

BotRef = str | int
"""A bot by token (``"123:abc"``), id (``123``) or username (``"shop_bot"``)."""

MessagePredicate = Callable[[SentMessage], bool]


@dataclass
class MessageWaiter:
    chat_id: int | None
    after_seq: int
    predicate: MessagePredicate | None
    future: asyncio.Future[SentMessage]

    def matches(self, sent: SentMessage) -> bool:
        if sent.seq <= self.after_seq:
            return False
        if self.chat_id is not None and sent.chat_id != self.chat_id:
            return False
        return self.predicate is None or self.predicate(sent)


class World:
    def __init__(self, *, record_cap: int, clock: Callable[[], float] = time.time) -> None:
        self.record_cap = record_cap
        self.clock = clock
        self.faults = Faults()
        self.bots_by_token: dict[str, BotState] = {}
        self.bots_by_id: dict[int, BotState] = {}
        self.bots_by_username: dict[str, BotState] = {}
        self.users: dict[int, UserInfo] = {}
        self.chats: dict[int, ChatInfo] = {}
        self.topics: dict[int, dict[int, str]] = {}  # chat -> thread id -> name
        self.closed_topics: set[tuple[int, int]] = set()
        self.files: BoundedDict[str, FileRecord] = BoundedDict(record_cap)
        self.file_paths: BoundedDict[str, str] = BoundedDict(record_cap)
        self.callback_queries: BoundedDict[str, tuple[int, int]] = BoundedDict(record_cap)
        self.callback_answers: BoundedDict[tuple[int, int], CallbackAnswer] = BoundedDict(
            record_cap
        )
        self.pre_checkout_queries: BoundedDict[str, int] = BoundedDict(record_cap)
        self.pre_checkout_answers: BoundedDict[str, PreCheckoutAnswer] = BoundedDict(record_cap)
        self.answer_events: dict[str, asyncio.Event] = {}
        self.cursors: dict[tuple[int, int | None], int] = {}
        self.waiters: dict[int, list[MessageWaiter]] = {}
        self._seq = itertools.count(1)
        self.last_seq = 0
        self._ids = itertools.count(4_000_000_000_000_000_001)
        self.on_update: Callable[[BotState], None] | None = None
        self.listeners: list[Callable[[], None]] = []
        self.auto_register = False

    def changed(self) -> None:
        """Tell the listeners (the web sandbox's live stream) that something happened:
        a message sent, edited, deleted or injected, a query answered."""
        for listener in list(self.listeners):
            listener()

    def now(self) -> int:
        return int(self.clock())

    def new_id(self) -> str:
        return str(next(self._ids))

    def new_file_ids(self) -> tuple[str, str]:
        return "AgAD" + secrets.token_urlsafe(24), "AQAD" + secrets.token_urlsafe(8)

    # -- registries ---------------------------------------------------------------

    def add_bot(self, token: str, bot_id: int, username: str, first_name: str) -> BotState:
        left, sep, right = token.partition(":")
        if not sep or not left.isdigit() or not right or int(left) != bot_id:
            raise SimulatorError(f"token must look like '{bot_id}:<secret>', got {token!r}")
        if bot_id in self.bots_by_id:
            raise SimulatorError(f"bot {bot_id} is already registered")
        bot = BotState(token, bot_id, username, first_name, self.record_cap)
        self.bots_by_token[token] = bot
        self.bots_by_id[bot_id] = bot
        self.bots_by_username[username.lower()] = bot
        return bot

    def bot(self, ref: BotRef) -> BotState:
        found: BotState | None
        if isinstance(ref, int):
            found = self.bots_by_id.get(ref)
        elif ":" in ref:
            found = self.bots_by_token.get(ref)
        elif ref.lstrip("-").isdigit():
            found = self.bots_by_id.get(int(ref))
        else:
            found = self.bots_by_username.get(ref.lstrip("@").lower())
        if found is None:
            raise SimulatorError(f"unknown bot {ref!r}")
        return found

    def user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
    ) -> UserInfo:
        """The user with that id, created or updated with the given profile fields."""
        user = self.users.get(user_id)
        if user is None:
            user = UserInfo(user_id, first_name or f"User{user_id}")
            self.users[user_id] = user
        elif first_name is not None:
            user.first_name = first_name
        for key, value in (
            ("username", username),
            ("language_code", language_code),
            ("last_name", last_name),
        ):
            if value is not None:
                setattr(user, key, value)
        return user

    def chat_of(self, bot: BotState, user: UserInfo, chat_id: int | None) -> dict[str, Any]:
        """The chat an injected update comes from: private by default."""
        if chat_id is None or chat_id == user.id:
            bot.started_users.add(user.id)
            return user.private_chat()
        chat = self.chats.get(chat_id)
        if chat is None:
            raise SimulatorError(f"unknown chat {chat_id}; add it with add_chat()")
        return chat.to_dict()

    # -- the chat a method targets --------------------------------------------------

    def target_chat(self, bot: BotState, raw: Any) -> dict[str, Any]:
        """Resolve a method's ``chat_id`` with Telegram's errors (400/403)."""
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, str):
            wanted = raw.lstrip("@").lower()
            chat = next(
                (c for c in self.chats.values() if (c.username or "").lower() == wanted), None
            )
            if chat is None:
                raise bad_request("chat not found")
            raw = chat.id
        chat_id = int(raw)
        group = self.chats.get(chat_id)
        if group is not None:
            if self.faults.is_blocked(bot.bot_id, chat_id):
                kind = "supergroup" if group.type == "supergroup" else "group"
                raise forbidden(f"bot was kicked from the {kind} chat")
            return group.to_dict()
        user = self.users.get(chat_id)
        if user is None:
            raise bad_request("chat not found")
        if self.faults.is_blocked(bot.bot_id, chat_id):
            raise forbidden("bot was blocked by the user")
        if chat_id not in bot.started_users:
            raise forbidden("bot can't initiate conversation with a user")
        return user.private_chat()

    def new_message(
        self, bot: BotState, chat: dict[str, Any], sender: dict[str, Any], thread_id: int | None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": bot.next_message_id(chat["id"]),
            "from": sender,
            "chat": chat,
            "date": self.now(),
        }
        if thread_id and chat.get("is_forum"):
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        return message

    # -- outgoing messages and their waiters -----------------------------------------

    def record_outgoing(
        self,
        bot: BotState,
        method: str,
        message: dict[str, Any],
        sent_markup: dict[str, Any] | None,
        *,
        edited: bool,
    ) -> SentMessage:
        seq = next(self._seq)
        self.last_seq = seq
        markup = inline_markup(message.get("reply_markup")) if edited else sent_markup
        sent = SentMessage(
            seq=seq,
            bot_id=bot.bot_id,
            chat_id=message["chat"]["id"],
            message_id=message["message_id"],
            method=method,
            text=message.get("text", message.get("caption")),
            reply_markup=markup,
            message_thread_id=message.get("message_thread_id"),
            photo="photo" in message,
            document="document" in message,
            invoice=message.get("invoice"),
            edited=edited,
            at=self.clock(),
            message=message,
        )
        bot.outgoing.append(sent)
        for waiter in list(self.waiters.get(bot.bot_id, ())):
            if waiter.future.done():
                continue
            try:
                hit = waiter.matches(sent)
            except Exception as exc:  # a test's predicate must not break the bot's call
                waiter.future.set_exception(exc)
                continue
            if hit:
                waiter.future.set_result(sent)
        self.changed()
        return sent

    def add_waiter(self, bot_id: int, waiter: MessageWaiter) -> None:
        self.waiters.setdefault(bot_id, []).append(waiter)

    def remove_waiter(self, bot_id: int, waiter: MessageWaiter) -> None:
        waiting = self.waiters.get(bot_id, [])
        if waiter in waiting:
            waiting.remove(waiter)
        if not waiting:
            self.waiters.pop(bot_id, None)

    def mark_injected(self, bot: BotState, chat_id: int) -> None:
        """Replies to this injection are what the next ``wait_for_message`` wants."""
        self.cursors[(bot.bot_id, chat_id)] = self.last_seq
        self.cursors[(bot.bot_id, None)] = self.last_seq

    def signal_answer(self, query_id: str) -> None:
        event = self.answer_events.pop(query_id, None)
        if event is not None:
            event.set()
        self.changed()

    def enqueue(self, bot: BotState, body: dict[str, Any]) -> int:
        update_id = bot.enqueue(body)
        if self.on_update is not None:
            self.on_update(bot)
        self.changed()
        return update_id
