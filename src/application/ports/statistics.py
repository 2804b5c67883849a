"""Port of the platform statistics (docs/master-console.md, "Statistics").

Each method is one aggregate query over indexed columns, never a loop over tenants.
`tenant_id` None: the whole platform; a tenant id: that tenant's figure (its card).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class Sales:
    """Purchases and renewals (user-ledger debits) in a window; revenue in minor units."""

    count: int
    revenue: int


class PlatformStatistics(Protocol):
    async def tenants_by_status(self) -> Mapping[str, int]: ...

    async def users(self, tenant_id: TenantId | None) -> int: ...

    async def active_subscriptions(self, tenant_id: TenantId | None, now: datetime) -> int: ...

    async def sales_since(self, tenant_id: TenantId | None, since: datetime) -> Sales: ...

    async def traffic_billed_since(self, since: datetime) -> int:
        """Bytes charged to tenant wallets by consumption billing."""
        ...

    async def wallets_below_low_balance(self) -> int:
        """Wallets whose balance is under their own low-balance threshold."""
        ...

    async def receipts_waiting_since(self, before: datetime) -> int:
        """Card-to-card payments still pending review, created at or before `before`."""
        ...


class DigestLog(Protocol):
    """One row per digest day: `claim` is True for the first caller only (every
    process may try; the database's unique key decides)."""

    async def claim(self, day: date, now: datetime) -> bool: ...
