"""The master admins' daily digest (docs/master-console.md, "Daily digest").

Rules:
- sent once per UTC day, at or after `FLEET_DIGEST_HOUR`: the first process whose job
  run claims the day's row (a unique key in the database) sends it; every other run
  that day, in any process, does nothing;
- the figures: tenants failed and suspended, wallets below their low-balance
  threshold, card-to-card receipts pending for more than an hour; each one query;
- the day is claimed before sending: a digest Telegram cannot deliver is logged by
  the alerts adapter and not retried that day (at most once beats twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from src.application.ports.alerts import PlatformAlerts
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.core.tenancy.tenant import TenantStatus

RECEIPT_WAIT = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class DigestFigures:
    failed: int
    suspended: int
    low_balance: int
    receipts_waiting: int


class SendDailyDigest:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, alerts: PlatformAlerts, hour: int
    ) -> None:
        self._uow, self._clock, self._alerts, self._hour = uow, clock, alerts, hour

    async def __call__(self) -> DigestFigures | None:
        """The figures sent, or None when it is not time or the day was claimed."""
        now = self._clock.now()
        if now.hour < self._hour:
            return None
        async with self._uow.platform() as uow:
            if not await uow.digests.claim(now.date(), now):
                return None
            by_status = await uow.statistics.tenants_by_status()
            figures = DigestFigures(
                failed=by_status.get(TenantStatus.FAILED.value, 0),
                suspended=by_status.get(TenantStatus.SUSPENDED.value, 0),
                low_balance=await uow.statistics.wallets_below_low_balance(),
                receipts_waiting=await uow.statistics.receipts_waiting_since(now - RECEIPT_WAIT),
            )
            await uow.commit()
        await self._alerts.daily_digest(
            figures.failed, figures.suspended, figures.low_balance, figures.receipts_waiting
        )
        return figures
