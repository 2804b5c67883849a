"""Ports of support tickets (docs/support.md): the tenant's tickets and the admins' desk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from src.application.ports.card_payments import DeskMessage
from src.core.ids import ShopUserId, TenantId
from src.core.support.ticket import Author, Ticket, TicketContent, TicketMessage, TicketStatus


class TicketRepository(Protocol):
    """This tenant's tickets (`support_tickets`, `support_messages`,
    `support_admin_messages`). Bound to one tenant; no method takes a tenant id.

    - `add` opens a ticket; with an `album`, a ticket of the user that started with
      that album is returned instead (`created` False): the photos of one album are
      one ticket even when handled concurrently (a unique index decides);
    - `list` pages through the tickets in `statuses`, oldest first, with the total;
    - `count_open` counts the user's tickets not closed (the caller holds the user's
      row lock, so concurrent openings cannot pass the limit together);
    - `set_status` moves a ticket that is not closed; None when missing or closed;
    - `place` records where the ticket lives for the admins (its forum topic may be
      known before its first message landed: `message_id` None);
    - `link` maps an admin-side message to its ticket; `by_admin_message` and
      `by_topic` find the ticket an admin's reply is about;
    - `undelivered` lists the users' messages no admin got yet, of tickets not
      closed, oldest first.
    """

    async def add(
        self, user_id: ShopUserId, telegram_id: int, album: str | None, now: datetime
    ) -> tuple[Ticket, bool]: ...

    async def get(self, ticket_id: int) -> Ticket | None: ...

    async def by_album(self, user_id: ShopUserId, album: str) -> Ticket | None: ...

    async def of_user(self, user_id: ShopUserId, *, limit: int) -> Sequence[Ticket]: ...

    async def count_open(self, user_id: ShopUserId) -> int: ...

    async def list(
        self, statuses: Sequence[TicketStatus], *, limit: int, offset: int
    ) -> tuple[Sequence[Ticket], int]: ...

    async def set_status(
        self, ticket_id: int, status: TicketStatus, now: datetime
    ) -> Ticket | None: ...

    async def place(
        self, ticket_id: int, chat_id: int, thread_id: int | None, message_id: int | None
    ) -> None: ...

    async def add_message(
        self,
        ticket_id: int,
        author: Author,
        content: TicketContent,
        now: datetime,
        *,
        delivered: bool = False,
    ) -> TicketMessage: ...

    async def messages(self, ticket_id: int) -> Sequence[TicketMessage]: ...

    async def mark_delivered(self, message_id: int) -> None: ...

    async def undelivered(self, limit: int) -> Sequence[TicketMessage]: ...

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None: ...

    async def by_admin_message(self, chat_id: int, message_id: int) -> Ticket | None: ...

    async def by_topic(self, chat_id: int, thread_id: int) -> Ticket | None: ...


class SupportDesk(Protocol):
    """The tenant's bot as the tickets' transport (docs/support.md). Best effort: None
    or False when Telegram refuses (403, 400), cannot be reached or the bot is not
    running.

    - `is_forum`: whether the chat is a forum supergroup (getChat); None: unknown;
    - `open_topic`: a forum topic (createForumTopic); its message_thread_id;
    - `post`: text, or a photo with `text` as caption, to a chat (in topic
      `thread_id`, as a reply to `reply_to`); where it landed.
    """

    async def is_forum(self, tenant_id: TenantId, chat_id: int) -> bool | None: ...

    async def open_topic(self, tenant_id: TenantId, chat_id: int, name: str) -> int | None: ...

    async def post(
        self,
        tenant_id: TenantId,
        chat_id: int,
        text: str | None,
        *,
        photo_file_id: str | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> DeskMessage | None: ...
