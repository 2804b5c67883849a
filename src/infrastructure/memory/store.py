"""The in-memory twin of the database: plain dicts behind one lock.

A unit of work holds the lock for its whole life, so transactions are serial
(the strictest isolation, which makes race tests meaningful) and a rollback
restores the snapshot taken at the start.
"""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self

from src.core.audit import AuditEntry
from src.core.ids import PaymentCardId, PlanId, TenantId
from src.core.payments.card import PaymentCard
from src.core.shop.plan import Plan
from src.infrastructure.memory.billing import BillingTables
from src.infrastructure.memory.card_payments import PaymentTables
from src.infrastructure.memory.customers import CustomerTables
from src.infrastructure.memory.online_payments import OnlineTables
from src.infrastructure.memory.promo_codes import PromoTables
from src.infrastructure.memory.tickets import TicketTables


@dataclass
class BotRow:
    tenant: Any  # src.core.tenancy.tenant.Tenant
    telegram_token_sealed: bytes
    api_token_hash: str


@dataclass
class MemoryData:
    bots: dict[TenantId, BotRow] = field(default_factory=dict)
    flags: dict[tuple[TenantId, str], tuple[bool, dict[str, Any]]] = field(default_factory=dict)
    config: dict[tuple[TenantId, str], Any] = field(default_factory=dict)
    texts: dict[tuple[TenantId, str, str], str] = field(default_factory=dict)
    plans: dict[tuple[TenantId, PlanId], Plan] = field(default_factory=dict)
    cards: dict[tuple[TenantId, PaymentCardId], PaymentCard] = field(default_factory=dict)
    customers: CustomerTables = field(default_factory=CustomerTables)
    billing: BillingTables = field(default_factory=BillingTables)
    payments: PaymentTables = field(default_factory=PaymentTables)
    promos: PromoTables = field(default_factory=PromoTables)
    tickets: TicketTables = field(default_factory=TicketTables)
    online: OnlineTables = field(default_factory=OnlineTables)
    audit: list[AuditEntry] = field(default_factory=list)  # outlives its tenant, like the table
    digest_days: dict[date, datetime] = field(default_factory=dict)  # the daily digests sent
    master_admins: dict[int, str] = field(default_factory=dict)  # telegram id -> added by
    next_id: int = 1
    next_plan_id: int = 1
    next_card_id: int = 1

    def drop_tenant_rows(self, tenant_id: TenantId) -> None:
        """ON DELETE CASCADE."""
        tables: tuple[dict[Any, Any], ...] = (
            self.flags,
            self.config,
            self.texts,
            self.plans,
            self.cards,
        )
        for table in tables:
            for key in [k for k in table if k[0] == tenant_id]:
                del table[key]
        self.customers.drop_tenant(tenant_id)
        self.billing.drop_tenant(tenant_id)
        self.payments.drop_tenant(tenant_id)
        self.promos.drop_tenant(tenant_id)
        self.tickets.drop_tenant(tenant_id)
        self.online.drop_tenant(tenant_id)


class MemoryStore:
    def __init__(self) -> None:
        self.data = MemoryData()
        self.lock = asyncio.Lock()


class MemoryTransaction:
    """Base of the in-memory units of work."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._snapshot: MemoryData | None = None

    @property
    def data(self) -> MemoryData:
        return self._store.data

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._snapshot = copy.deepcopy(self._store.data)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._snapshot is not None:  # not committed: roll back
                self._store.data = self._snapshot
        finally:
            self._snapshot = None
            self._store.lock.release()

    async def commit(self) -> None:
        self._snapshot = copy.deepcopy(self._store.data)
