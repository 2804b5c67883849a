"""Support ticket schemas (docs/support.md)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from src.application.support.tickets import TicketPage
from src.core.support.ticket import Ticket, TicketStatus


class TicketOut(msgspec.Struct):
    id: int
    user_id: int
    telegram_id: int
    status: TicketStatus
    created_at: datetime
    updated_at: datetime
    admin_chat_id: int | None  # where it lives for the admins (null: no admin reached yet)
    admin_thread_id: int | None  # its forum topic

    @classmethod
    def of(cls, t: Ticket) -> TicketOut:
        return cls(
            t.id,
            t.user_id,
            t.telegram_id,
            t.status,
            t.created_at,
            t.updated_at,
            t.admin_chat_id,
            t.admin_thread_id,
        )


class TicketPageOut(msgspec.Struct):
    """Oldest first; `total` counts every ticket of the filter."""

    items: list[TicketOut]
    total: int

    @classmethod
    def of(cls, page: TicketPage) -> TicketPageOut:
        return cls([TicketOut.of(t) for t in page.items], page.total)
