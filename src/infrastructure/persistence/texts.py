"""The tenants' own wordings of the bot's texts (docs/i18n.md#per-tenant-overrides)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import DateTime, String, Text, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from src.core.ids import TenantId
from src.infrastructure.persistence.models import Base, tenant_fk


class BotTextModel(Base):
    __tablename__ = "bot_texts"

    bot_id: Mapped[int] = tenant_fk()
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    text_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SqlaTextOverrideRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._tenant_id = session, tenant_id

    async def all(self) -> Mapping[tuple[str, str], str]:
        rows = await self._s.execute(
            select(BotTextModel.language, BotTextModel.text_key, BotTextModel.source).where(
                BotTextModel.bot_id == self._tenant_id
            )
        )
        return {(lang, key): source for lang, key, source in rows.all()}

    async def get(self, language: str, key: str) -> str | None:
        source: str | None = await self._s.scalar(
            select(BotTextModel.source).where(
                BotTextModel.bot_id == self._tenant_id,
                BotTextModel.language == language,
                BotTextModel.text_key == key,
            )
        )
        return source

    async def put(self, language: str, key: str, source: str) -> None:
        stmt = insert(BotTextModel).values(
            bot_id=self._tenant_id, language=language, text_key=key, source=source
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[BotTextModel.bot_id, BotTextModel.language, BotTextModel.text_key],
                set_={"source": stmt.excluded.source, "updated_at": func.now()},
            )
        )

    async def delete(self, language: str, key: str) -> bool:
        result = await self._s.execute(
            delete(BotTextModel)
            .where(
                BotTextModel.bot_id == self._tenant_id,
                BotTextModel.language == language,
                BotTextModel.text_key == key,
            )
            .returning(BotTextModel.text_key)
        )
        return result.first() is not None
