"""A `SupportDesk` double: records what was posted; `unreachable` chats refuse (403),
`forums` are forum supergroups."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from src.application.ports.card_payments import DeskMessage
from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class DeskPost:
    tenant_id: TenantId
    where: DeskMessage
    text: str | None
    photo_file_id: str | None
    thread_id: int | None
    reply_to: int | None


class InMemorySupportDesk:
    def __init__(self) -> None:
        self.posted: list[DeskPost] = []
        self.topics: dict[tuple[int, int], str] = {}
        self.unreachable: set[int] = set()
        self.forums: set[int] = set()
        self.no_topics: set[int] = set()  # forums where the bot may not create topics
        self._ids = itertools.count(1)

    async def is_forum(self, tenant_id: TenantId, chat_id: int) -> bool | None:
        if chat_id in self.unreachable:
            return None
        return chat_id in self.forums

    async def open_topic(self, tenant_id: TenantId, chat_id: int, name: str) -> int | None:
        if chat_id in self.unreachable or chat_id not in self.forums or chat_id in self.no_topics:
            return None
        thread = next(self._ids)
        self.topics[(chat_id, thread)] = name
        return thread

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
        if chat_id in self.unreachable:
            return None
        where = DeskMessage(chat_id, next(self._ids))
        self.posted.append(DeskPost(tenant_id, where, text, photo_file_id, thread_id, reply_to))
        return where

    def to(self, chat_id: int) -> list[DeskPost]:
        return [p for p in self.posted if p.where.chat_id == chat_id]
