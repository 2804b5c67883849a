"""Per-bot state of the simulator: identity, update queue, long-poll wake-up,
webhook settings, the bot's messages, and its records. Pure bookkeeping: the
only asyncio object is the lazily created wake-up event of a waiting poll."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .records import CallRecord, SentMessage, WebhookDelivery

K = TypeVar("K")
V = TypeVar("V")

# Without an explicit allowed_updates list Telegram sends every type but these.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class BoundedDict(OrderedDict[K, V], Generic[K, V]):
    """An insertion-ordered dict that forgets its oldest entries past ``maxlen``."""

    def __init__(self, maxlen: int) -> None:
        super().__init__()
        self.maxlen = maxlen

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        while len(self) > self.maxlen:
            self.popitem(last=False)


@dataclass
class UserInfo:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def private_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            chat["last_name"] = self.last_name
        if self.username is not None:
            chat["username"] = self.username
        return chat


@dataclass
class ChatInfo:
    id: int
    type: str
    title: str
    is_forum: bool = False
    username: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username is not None:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class FileRecord:
    file_id: str
    file_unique_id: str
    kind: str
    file_path: str
    file_size: int
    file_name: str | None = None
    content: bytes | None = field(default=None, repr=False)


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None
    max_connections: int = 40
    ip_address: str = "127.0.0.1"
    last_error_date: int | None = None
    last_error_message: str | None = None

    def info(self, pending: int, allowed_updates: list[str] | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": self.max_connections,
            "ip_address": self.ip_address,
        }
        if self.last_error_date is not None:
            data["last_error_date"] = self.last_error_date
            data["last_error_message"] = self.last_error_message
        if allowed_updates is not None:
            data["allowed_updates"] = allowed_updates
        return data


class BotState:
    """Everything the simulator keeps about one bot (one token)."""

    def __init__(
        self, token: str, bot_id: int, username: str, first_name: str, record_cap: int
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.username = username
        self.first_name = first_name
        self.record_cap = record_cap
        self.next_update_id = 1
        self.pending: deque[dict[str, Any]] = deque(maxlen=record_cap)
        self.allowed_updates: list[str] | None = None
        self.poll_generation = 0
        # getUpdates calls open at once (a client that hung up is not counted: the
        # server cancels its handler) and the most ever seen; above 1 is what
        # Telegram answers with 409 "terminated by other getUpdates request"
        self.polls_in_flight = 0
        self.max_polls_in_flight = 0
        self.wakeup: asyncio.Event | None = None
        self.webhook: WebhookConfig | None = None
        self.delivery_task: asyncio.Task[None] | None = None
        self.deliveries: deque[WebhookDelivery] = deque(maxlen=record_cap)
        self.last_message_id: dict[int, int] = {}
        self.messages: BoundedDict[tuple[int, int], dict[str, Any]] = BoundedDict(record_cap)
        # what Telegram keeps out of the Message object: the payload of each invoice
        self.invoice_payloads: BoundedDict[tuple[int, int], str] = BoundedDict(record_cap)
        self.calls: deque[CallRecord] = deque(maxlen=record_cap)
        self.outgoing: deque[SentMessage] = deque(maxlen=record_cap)
        self.started_users: set[int] = set()
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.profile: dict[str, str] = {
            "name": first_name,
            "description": "",
            "short_description": "",
        }

    def user_dict(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def me_dict(self) -> dict[str, Any]:
        return {
            **self.user_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # -- updates -----------------------------------------------------------------

    def enqueue(self, body: dict[str, Any]) -> int:
        """Queue an update (``body`` without ``update_id``); returns its id.

        The id is consumed even when ``allowed_updates`` filters the update out,
        as Telegram's ids have gaps too."""
        update_id = self.next_update_id
        self.next_update_id += 1
        kind = next((key for key in body if key != "update_id"), "")
        allowed = self.allowed_updates
        if (allowed and kind not in allowed) or (not allowed and kind in _OPT_IN_UPDATES):
            return update_id
        self.pending.append({"update_id": update_id, **body})
        self.wake_pollers()
        return update_id

    def confirm(self, offset: int | None) -> None:
        """Forget updates below ``offset``; a negative offset keeps the last -offset."""
        if not offset:
            return
        if offset < 0:
            while len(self.pending) > -offset:
                self.pending.popleft()
            return
        while self.pending and self.pending[0]["update_id"] < offset:
            self.pending.popleft()

    def available(self, limit: int) -> list[dict[str, Any]]:
        return [self.pending[i] for i in range(min(limit, len(self.pending)))]

    def wake_pollers(self) -> None:
        if self.wakeup is not None:
            self.wakeup.set()
            self.wakeup = None

    # -- messages ----------------------------------------------------------------

    def next_message_id(self, chat_id: int) -> int:
        message_id = self.last_message_id.get(chat_id, 0) + 1
        self.last_message_id[chat_id] = message_id
        return message_id

    def store(self, message: dict[str, Any]) -> None:
        self.messages[(message["chat"]["id"], message["message_id"])] = message

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        return self.messages.get((chat_id, message_id))

    def clear_records(self) -> None:
        self.calls.clear()
        self.outgoing.clear()
        self.deliveries.clear()
