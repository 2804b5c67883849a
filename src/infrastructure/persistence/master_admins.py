"""SQLAlchemy master admins (platform-wide, `master_admins`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.infrastructure.persistence.models import MasterAdminModel


class SqlaMasterAdminRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self) -> Sequence[int]:
        rows = await self._session.scalars(
            select(MasterAdminModel.telegram_id).order_by(
                MasterAdminModel.added_at, MasterAdminModel.telegram_id
            )
        )
        return list(rows)

    async def add(self, telegram_id: int, added_by: str, now: datetime) -> bool:
        inserted = await self._session.execute(
            insert(MasterAdminModel)
            .values(telegram_id=telegram_id, added_by=added_by, added_at=now)
            .on_conflict_do_nothing()
            .returning(MasterAdminModel.telegram_id)
        )
        return inserted.first() is not None

    async def remove(self, telegram_id: int) -> bool:
        deleted = await self._session.execute(
            delete(MasterAdminModel)
            .where(MasterAdminModel.telegram_id == telegram_id)
            .returning(MasterAdminModel.telegram_id)
        )
        return deleted.first() is not None
