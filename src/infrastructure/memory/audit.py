"""In-memory twin of the audit trail (kept equal by tests/contract)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from src.core.audit import AuditEntry, AuditRecord
from src.core.ids import TenantId

Rows = Callable[[], list[AuditEntry]]


def _record(
    rows: Rows, tenant_id: TenantId | None, record: AuditRecord, now: datetime
) -> AuditEntry:
    table = rows()
    entry = AuditEntry(
        len(table) + 1,
        tenant_id,
        record.actor,
        record.action,
        record.target,
        record.before,
        record.after,
        now,
    )
    table.append(entry)
    return entry


def _page(rows: Sequence[AuditEntry], limit: int, offset: int) -> tuple[Sequence[AuditEntry], int]:
    newest = sorted(rows, key=lambda e: e.id, reverse=True)
    return newest[offset : offset + limit], len(newest)


class InMemoryAuditLog:
    def __init__(self, rows: Rows, tenant_id: TenantId) -> None:
        self._rows, self._t = rows, tenant_id

    async def record(self, record: AuditRecord, now: datetime) -> AuditEntry:
        return _record(self._rows, self._t, record, now)

    async def page(self, *, limit: int, offset: int) -> tuple[Sequence[AuditEntry], int]:
        return _page([e for e in self._rows() if e.tenant_id == self._t], limit, offset)


class InMemoryPlatformAuditLog:
    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    async def record(self, record: AuditRecord, now: datetime) -> AuditEntry:
        return _record(self._rows, record.tenant_id, record, now)

    async def page(
        self, tenant_id: TenantId | None, *, limit: int, offset: int
    ) -> tuple[Sequence[AuditEntry], int]:
        rows = [e for e in self._rows() if tenant_id is None or e.tenant_id == tenant_id]
        return _page(rows, limit, offset)
