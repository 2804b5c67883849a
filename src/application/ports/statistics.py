"""Ports of the statistics: the platform's (docs/master-console.md, "Statistics") and a
tenant's own (the tenant console's Statistics screen, docs/tenant-console.md).

Each method is one aggregate query over indexed columns, never a loop over tenants.
`PlatformStatistics`: `tenant_id` None is the whole platform, a tenant id that tenant's
figure (its card). `ShopFigures`: bound to one tenant's unit of work (row-level security).
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


@dataclass(frozen=True, slots=True)
class Windows:
    """The three periods every windowed figure is counted over (since each moment)."""

    today: datetime
    week: datetime
    month: datetime


@dataclass(frozen=True, slots=True)
class Windowed:
    today: int
    week: int
    month: int


class ShopFigures(Protocol):
    """This tenant's figures, each ONE query (the three windows as FILTER clauses).
    Bound to one tenant.

    - `new_users`: users created in each window;
    - `active_subscriptions`: subscriptions whose end is after `now`;
    - `purchases`: (count, revenue) of purchase and renewal ledger rows in each window;
      revenue is what they debited (positive);
    - `top_ups`: the sum credited by top-ups in the last 30 days, by method (the
      reference's prefix: `c2c`, `stars`);
    - `trial_conversion`: (users who took a trial, of them users who bought afterwards).
    """

    async def new_users(self, windows: Windows) -> Windowed: ...

    async def active_subscriptions(self, now: datetime) -> int: ...

    async def purchases(self, windows: Windows) -> tuple[Windowed, Windowed]: ...

    async def top_ups(self, since: datetime) -> Mapping[str, int]: ...

    async def trial_conversion(self) -> tuple[int, int]: ...
