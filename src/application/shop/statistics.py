from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from src.application.ports.clock import Clock
from src.application.ports.statistics import Windowed, Windows
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class ShopStatistics:
    as_of: datetime
    new_users: Windowed
    active_subscriptions: int
    purchases: Windowed
    revenue: Windowed
    top_ups_30d: Mapping[str, int]  # method -> amount credited
    trial_users: int
    trial_converted: int

    @property
    def conversion_percent(self) -> int:
        return round(100 * self.trial_converted / self.trial_users) if self.trial_users else 0


def windows(now: datetime) -> Windows:
    """Today is the UTC day so far; the week and month are the last 7 and 30 days."""
    midnight = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    return Windows(midnight, now - timedelta(days=7), now - timedelta(days=30))


class GetStatistics:
    """The tenant console's Statistics screen (docs/tenant-console.md): one query per
    figure, all read in one transaction (one consistent snapshot on PostgreSQL)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, tenant_id: TenantId) -> ShopStatistics:
        now = self._clock.now()
        w = windows(now)
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            figures = uow.figures
            new_users = await figures.new_users(w)
            active = await figures.active_subscriptions(now)
            count, revenue = await figures.purchases(w)
            top_ups = await figures.top_ups(w.month)
            trial_users, converted = await figures.trial_conversion()
        return ShopStatistics(
            now, new_users, active, count, revenue, top_ups, trial_users, converted
        )
