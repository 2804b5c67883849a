"""SQLAlchemy repository of a tenant's support tickets (tenant-bound)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.ids import ShopUserId, TenantId
from src.core.support.ticket import Author, Ticket, TicketContent, TicketMessage, TicketStatus
from src.infrastructure.persistence.ticket_models import (
    SupportAdminMessageModel,
    SupportMessageModel,
    SupportTicketModel,
)

T = SupportTicketModel.__table__.c
M = SupportMessageModel.__table__.c
L = SupportAdminMessageModel.__table__.c
_OPEN = (TicketStatus.OPEN.value, TicketStatus.ANSWERED.value)


def _ticket(row: Row[Any]) -> Ticket:
    return Ticket(
        id=row.id,
        user_id=ShopUserId(row.user_id),
        telegram_id=row.telegram_id,
        status=TicketStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        admin_chat_id=row.admin_chat_id,
        admin_thread_id=row.admin_thread_id,
        admin_message_id=row.admin_message_id,
    )


def _message(row: Row[Any]) -> TicketMessage:
    return TicketMessage(
        id=row.id,
        ticket_id=row.ticket_id,
        author=Author(row.author),
        text=row.text,
        photo_file_id=row.photo_file_id,
        album=row.album,
        delivered=row.delivered,
        created_at=row.created_at,
    )


class SqlaTicketRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def _one(self, *where: Any) -> Ticket | None:
        query = select(SupportTicketModel.__table__).where(T.bot_id == self._t, *where)
        row = (await self._s.execute(query.order_by(T.id).limit(1))).one_or_none()
        return _ticket(row) if row else None

    async def add(
        self, user_id: ShopUserId, telegram_id: int, album: str | None, now: datetime
    ) -> tuple[Ticket, bool]:
        statement = (
            pg_insert(SupportTicketModel)
            .values(
                bot_id=self._t,
                user_id=user_id,
                telegram_id=telegram_id,
                status=TicketStatus.OPEN.value,
                album=album,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(
                index_elements=["bot_id", "user_id", "album"],
                index_where=T.album.is_not(None),
            )
            .returning(SupportTicketModel.__table__)
        )
        row = (await self._s.execute(statement)).one_or_none()
        if row is not None:
            return _ticket(row), True
        found = await self.by_album(user_id, album or "")
        if found is None:  # pragma: no cover - ON CONFLICT found the row, so it exists
            raise RuntimeError("an album's ticket vanished")
        return found, False

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self._one(T.id == ticket_id)

    async def by_album(self, user_id: ShopUserId, album: str) -> Ticket | None:
        return await self._one(T.user_id == user_id, T.album == album)

    async def of_user(self, user_id: ShopUserId, *, limit: int) -> Sequence[Ticket]:
        rows = await self._s.execute(
            select(SupportTicketModel.__table__)
            .where(T.bot_id == self._t, T.user_id == user_id)
            .order_by(T.id.desc())
            .limit(limit)
        )
        return [_ticket(r) for r in rows]

    async def count_open(self, user_id: ShopUserId) -> int:
        query = select(func.count()).where(
            T.bot_id == self._t, T.user_id == user_id, T.status.in_(_OPEN)
        )
        return int((await self._s.execute(query)).scalar_one())

    async def list(
        self, statuses: Sequence[TicketStatus], *, limit: int, offset: int
    ) -> tuple[Sequence[Ticket], int]:
        where = (T.bot_id == self._t) & T.status.in_([s.value for s in statuses])
        rows = await self._s.execute(
            select(SupportTicketModel.__table__)
            .where(where)
            .order_by(T.id)
            .limit(limit)
            .offset(offset)
        )
        total = (await self._s.execute(select(func.count()).where(where))).scalar_one()
        return [_ticket(r) for r in rows], int(total)

    async def set_status(
        self, ticket_id: int, status: TicketStatus, now: datetime
    ) -> Ticket | None:
        # conditional: of two concurrent closes one wins; a closed ticket never reopens
        row = (
            await self._s.execute(
                update(SupportTicketModel)
                .where(T.bot_id == self._t, T.id == ticket_id, T.status.in_(_OPEN))
                .values(status=status.value, updated_at=now)
                .returning(SupportTicketModel.__table__)
            )
        ).one_or_none()
        return _ticket(row) if row else None

    async def place(
        self, ticket_id: int, chat_id: int, thread_id: int | None, message_id: int | None
    ) -> None:
        await self._s.execute(
            update(SupportTicketModel)
            .where(T.bot_id == self._t, T.id == ticket_id)
            .values(admin_chat_id=chat_id, admin_thread_id=thread_id, admin_message_id=message_id)
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
        statement = (
            insert(SupportMessageModel)
            .values(
                bot_id=self._t,
                ticket_id=ticket_id,
                author=author.value,
                text=content.text,
                photo_file_id=content.photo_file_id,
                album=content.album,
                delivered=delivered,
                created_at=now,
            )
            .returning(SupportMessageModel.__table__)
        )
        return _message((await self._s.execute(statement)).one())

    async def messages(self, ticket_id: int) -> Sequence[TicketMessage]:
        rows = await self._s.execute(
            select(SupportMessageModel.__table__)
            .where(M.bot_id == self._t, M.ticket_id == ticket_id)
            .order_by(M.id)
        )
        return [_message(r) for r in rows]

    async def mark_delivered(self, message_id: int) -> None:
        await self._s.execute(
            update(SupportMessageModel)
            .where(M.bot_id == self._t, M.id == message_id)
            .values(delivered=True)
        )

    async def undelivered(self, limit: int) -> Sequence[TicketMessage]:
        rows = await self._s.execute(
            select(SupportMessageModel.__table__)
            .join(SupportTicketModel.__table__, (T.bot_id == M.bot_id) & (T.id == M.ticket_id))
            .where(
                M.bot_id == self._t,
                ~M.delivered,
                M.author == Author.USER.value,
                T.status.in_(_OPEN),
            )
            .order_by(M.id)
            .limit(limit)
        )
        return [_message(r) for r in rows]

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        await self._s.execute(
            pg_insert(SupportAdminMessageModel)
            .values(bot_id=self._t, chat_id=chat_id, message_id=message_id, ticket_id=ticket_id)
            .on_conflict_do_nothing()
        )

    async def by_admin_message(self, chat_id: int, message_id: int) -> Ticket | None:
        found = (
            await self._s.execute(
                select(L.ticket_id).where(
                    L.bot_id == self._t, L.chat_id == chat_id, L.message_id == message_id
                )
            )
        ).scalar_one_or_none()
        return None if found is None else await self.get(int(found))

    async def by_topic(self, chat_id: int, thread_id: int) -> Ticket | None:
        return await self._one(T.admin_chat_id == chat_id, T.admin_thread_id == thread_id)
