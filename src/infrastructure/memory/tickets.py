"""In-memory twin of the support ticket repository (kept equal by tests/contract)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from src.core.ids import ShopUserId, TenantId
from src.core.support.ticket import Author, Ticket, TicketContent, TicketMessage, TicketStatus


@dataclass
class TicketTables:
    tickets: dict[tuple[TenantId, int], Ticket] = field(default_factory=dict)
    albums: dict[tuple[TenantId, int], str] = field(default_factory=dict)  # ticket -> album
    messages: dict[tuple[TenantId, int], TicketMessage] = field(default_factory=dict)
    links: dict[tuple[TenantId, int, int], int] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def __deepcopy__(self, memo: dict[int, Any]) -> TicketTables:
        return TicketTables(
            dict(self.tickets), dict(self.albums), dict(self.messages), dict(self.links), self.ids
        )

    def drop_tenant(self, tenant_id: TenantId) -> None:
        self.tickets = {k: v for k, v in self.tickets.items() if k[0] != tenant_id}
        self.albums = {k: v for k, v in self.albums.items() if k[0] != tenant_id}
        self.messages = {k: v for k, v in self.messages.items() if k[0] != tenant_id}
        self.links = {k: v for k, v in self.links.items() if k[0] != tenant_id}


class InMemoryTicketRepository:
    def __init__(self, tables: Callable[[], TicketTables], tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    def _mine(self) -> Sequence[Ticket]:
        return sorted(
            (v for (t, _), v in self._db().tickets.items() if t == self._t), key=lambda x: x.id
        )

    async def add(
        self, user_id: ShopUserId, telegram_id: int, album: str | None, now: datetime
    ) -> tuple[Ticket, bool]:
        if album is not None and (found := await self.by_album(user_id, album)) is not None:
            return found, False
        ticket = Ticket(next(self._db().ids), user_id, telegram_id, TicketStatus.OPEN, now, now)
        self._db().tickets[(self._t, ticket.id)] = ticket
        if album is not None:
            self._db().albums[(self._t, ticket.id)] = album
        return ticket, True

    async def get(self, ticket_id: int) -> Ticket | None:
        return self._db().tickets.get((self._t, ticket_id))

    async def by_album(self, user_id: ShopUserId, album: str) -> Ticket | None:
        albums = self._db().albums
        return next(
            (
                t
                for t in self._mine()
                if t.user_id == user_id and albums.get((self._t, t.id)) == album
            ),
            None,
        )

    async def of_user(self, user_id: ShopUserId, *, limit: int) -> Sequence[Ticket]:
        return [t for t in reversed(self._mine()) if t.user_id == user_id][:limit]

    async def count_open(self, user_id: ShopUserId) -> int:
        return sum(1 for t in self._mine() if t.user_id == user_id and t.is_open)

    async def list(
        self, statuses: Sequence[TicketStatus], *, limit: int, offset: int
    ) -> tuple[Sequence[Ticket], int]:
        found = [t for t in self._mine() if t.status in statuses]
        return found[offset : offset + limit], len(found)

    async def set_status(
        self, ticket_id: int, status: TicketStatus, now: datetime
    ) -> Ticket | None:
        ticket = await self.get(ticket_id)
        if ticket is None or not ticket.is_open:
            return None
        moved = replace(ticket, status=status, updated_at=now)
        self._db().tickets[(self._t, ticket_id)] = moved
        return moved

    async def place(
        self, ticket_id: int, chat_id: int, thread_id: int | None, message_id: int | None
    ) -> None:
        ticket = await self.get(ticket_id)
        if ticket is not None:
            self._db().tickets[(self._t, ticket_id)] = replace(
                ticket,
                admin_chat_id=chat_id,
                admin_thread_id=thread_id,
                admin_message_id=message_id,
            )

    async def add_message(
        self,
        ticket_id: int,
        author: Author,
        content: TicketContent,
        now: datetime,
        *,
        delivered: bool = False,
    ) -> TicketMessage:
        message = TicketMessage(
            next(self._db().ids),
            ticket_id,
            author,
            content.text,
            content.photo_file_id,
            content.album,
            delivered,
            now,
        )
        self._db().messages[(self._t, message.id)] = message
        return message

    def _messages(self) -> Sequence[TicketMessage]:
        return sorted(
            (m for (t, _), m in self._db().messages.items() if t == self._t), key=lambda m: m.id
        )

    async def messages(self, ticket_id: int) -> Sequence[TicketMessage]:
        return [m for m in self._messages() if m.ticket_id == ticket_id]

    async def mark_delivered(self, message_id: int) -> None:
        message = self._db().messages.get((self._t, message_id))
        if message is not None:
            self._db().messages[(self._t, message_id)] = replace(message, delivered=True)

    async def undelivered(self, limit: int) -> Sequence[TicketMessage]:
        open_ids = {t.id for t in self._mine() if t.is_open}
        return [
            m
            for m in self._messages()
            if m.author is Author.USER and not m.delivered and m.ticket_id in open_ids
        ][:limit]

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        self._db().links.setdefault((self._t, chat_id, message_id), ticket_id)

    async def by_admin_message(self, chat_id: int, message_id: int) -> Ticket | None:
        ticket_id = self._db().links.get((self._t, chat_id, message_id))
        return None if ticket_id is None else await self.get(ticket_id)

    async def by_topic(self, chat_id: int, thread_id: int) -> Ticket | None:
        return next(
            (
                t
                for t in self._mine()
                if t.admin_chat_id == chat_id and t.admin_thread_id == thread_id
            ),
            None,
        )
