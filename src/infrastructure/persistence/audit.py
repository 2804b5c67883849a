"""SQLAlchemy audit trail: one INSERT per record, pages newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.audit import AuditEntry, AuditRecord
from src.core.ids import TenantId
from src.infrastructure.persistence.audit_models import AuditLogModel

A = AuditLogModel
_TABLE = AuditLogModel.__table__


def _entry(row: Row[Any]) -> AuditEntry:
    tenant = TenantId(row.bot_id) if row.bot_id is not None else None
    return AuditEntry(
        row.id, tenant, row.actor, row.action, row.target, row.before, row.after, row.created_at
    )


async def _record(
    session: AsyncSession, tenant_id: TenantId | None, record: AuditRecord, now: datetime
) -> AuditEntry:
    values = {
        "bot_id": tenant_id,
        "actor": record.actor,
        "action": record.action,
        "target": record.target,
        "before": record.before,
        "after": record.after,
        "created_at": now,
    }
    row = (await session.execute(insert(A).values(values).returning(*_TABLE.c))).one()
    return _entry(row)


async def _page(
    session: AsyncSession, where: Sequence[Any], limit: int, offset: int
) -> tuple[Sequence[AuditEntry], int]:
    rows = await session.execute(
        select(_TABLE).where(*where).order_by(A.id.desc()).limit(limit).offset(offset)
    )
    total = (await session.execute(select(func.count()).select_from(A).where(*where))).scalar_one()
    return [_entry(r) for r in rows], int(total)


class SqlaAuditLog:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def record(self, record: AuditRecord, now: datetime) -> AuditEntry:
        return await _record(self._s, self._t, record, now)

    async def page(self, *, limit: int, offset: int) -> tuple[Sequence[AuditEntry], int]:
        return await _page(self._s, [A.bot_id == self._t], limit, offset)


class SqlaPlatformAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def record(self, record: AuditRecord, now: datetime) -> AuditEntry:
        return await _record(self._s, record.tenant_id, record, now)

    async def page(
        self, tenant_id: TenantId | None, *, limit: int, offset: int
    ) -> tuple[Sequence[AuditEntry], int]:
        where = [] if tenant_id is None else [A.bot_id == tenant_id]
        return await _page(self._s, where, limit, offset)
