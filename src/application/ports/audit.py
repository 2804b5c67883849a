"""Ports of the audit trail (docs/architecture.md, "Audit")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from src.core.audit import AuditEntry, AuditRecord
from src.core.ids import TenantId


class AuditLog(Protocol):
    """The audit rows of one tenant, bound to it: `record` stamps the bound tenant
    (whatever `record.tenant_id` says), `page` returns newest first with the total."""

    async def record(self, record: AuditRecord, now: datetime) -> AuditEntry: ...

    async def page(self, *, limit: int, offset: int) -> tuple[Sequence[AuditEntry], int]: ...


class PlatformAuditLog(Protocol):
    """Every tenant's rows and the platform-wide ones (tenant None), for the master."""

    async def record(self, record: AuditRecord, now: datetime) -> AuditEntry: ...

    async def page(
        self, tenant_id: TenantId | None, *, limit: int, offset: int
    ) -> tuple[Sequence[AuditEntry], int]:
        """`tenant_id` None: all rows."""
        ...
