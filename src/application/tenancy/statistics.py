"""The master's figures: the platform's and one tenant's (docs/master-console.md).

Rules: every figure is one aggregate query (the port's contract), read in one
transaction; windows are "today" (since 00:00 UTC), the last 7 and 30 days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from src.application.ports.clock import Clock
from src.application.ports.statistics import Sales
from src.application.ports.uow import UnitOfWorkFactory
from src.core.ids import TenantId

WINDOWS = ("today", "7d", "30d")


def window_starts(now: datetime) -> dict[str, datetime]:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return {"today": midnight, "7d": now - timedelta(days=7), "30d": now - timedelta(days=30)}


@dataclass(frozen=True, slots=True)
class PlatformFigures:
    tenants_by_status: Mapping[str, int]
    users: int
    active_subscriptions: int
    sales: Mapping[str, Sales]  # by window
    traffic_billed_30d: int  # bytes
    low_balance_wallets: int


@dataclass(frozen=True, slots=True)
class TenantFigures:
    users: int
    active_subscriptions: int
    sales_30d: Sales


class GetPlatformStatistics:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self) -> PlatformFigures:
        now = self._clock.now()
        starts = window_starts(now)
        async with self._uow.platform() as uow:
            stats = uow.statistics
            return PlatformFigures(
                tenants_by_status=await stats.tenants_by_status(),
                users=await stats.users(None),
                active_subscriptions=await stats.active_subscriptions(None, now),
                sales={w: await stats.sales_since(None, starts[w]) for w in WINDOWS},
                traffic_billed_30d=await stats.traffic_billed_since(starts["30d"]),
                low_balance_wallets=await stats.wallets_below_low_balance(),
            )

    async def of_tenant(self, tenant_id: TenantId) -> TenantFigures:
        now = self._clock.now()
        async with self._uow.platform() as uow:
            stats = uow.statistics
            return TenantFigures(
                users=await stats.users(tenant_id),
                active_subscriptions=await stats.active_subscriptions(tenant_id, now),
                sales_30d=await stats.sales_since(tenant_id, window_starts(now)["30d"]),
            )
