"""Read and write the audit trail (docs/architecture.md, "Audit")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from src.application.ports.audit import AuditLog, PlatformAuditLog
from src.application.ports.clock import Clock
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.core.audit import AuditEntry, AuditRecord
from src.core.errors import TenantNotFound
from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class AuditPage:
    items: Sequence[AuditEntry]
    total: int


class ListAudit:
    """The audit rows, newest first: of one tenant (the tenant must exist), or of the
    whole platform (`tenant_id` None, the master's view)."""

    MAX_LIMIT = 200

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, tenant_id: TenantId | None, *, limit: int = 50, offset: int = 0
    ) -> AuditPage:
        limit = max(1, min(limit, self.MAX_LIMIT))
        if tenant_id is None:
            async with self._uow.platform() as platform:
                items, total = await platform.audit.page(None, limit=limit, offset=offset)
            return AuditPage(items, total)
        async with self._uow.for_tenant(tenant_id) as uow:
            if await uow.tenant.get() is None:
                raise TenantNotFound(f"tenant {tenant_id} not found")
            items, total = await uow.audit.page(limit=limit, offset=offset)
        return AuditPage(items, total)


class RecordAudit:
    """One audit row in its own transaction, for actions whose change is not a row of
    ours (a broadcast sent, a message re-offered). Changes of our own rows record
    theirs through `uow.audit` in the same transaction instead."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, record: AuditRecord) -> AuditEntry:
        async with self._uow.platform() as platform:
            entry = await platform.audit.record(record, self._clock.now())
            await platform.commit()
        return entry


@dataclass(frozen=True, slots=True)
class Change:
    """What a use case changed, recorded when the caller named an actor."""

    tenant_id: TenantId | None
    action: str
    target: str
    before: str | None = None
    after: str | None = None


async def audit_change(
    log: AuditLog | PlatformAuditLog, actor: str | None, change: Change, now: datetime
) -> None:
    """One audit row in the caller's transaction when an actor is named (the API and
    the consoles always name one; jobs calling a use case directly do not)."""
    if actor is None:
        return
    record = AuditRecord(
        change.tenant_id, actor, change.action, change.target, change.before, change.after
    )
    await log.record(record, now)


async def audit_in(
    uow: TenantUnitOfWork,
    actor: str | None,
    action: str,
    target: str,
    now: datetime,
    *,
    before: str | None = None,
    after: str | None = None,
) -> None:
    """`audit_change` in a tenant's own unit of work (before its commit), for the console's
    use cases. `actor` None: a caller that names no actor."""
    change = Change(uow.tenant_id, action, target, before, after)
    await audit_change(uow.audit, actor, change, now)
