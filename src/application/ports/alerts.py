from __future__ import annotations

from typing import Protocol

from src.core.tenancy.tenant import Tenant


class PlatformAlerts(Protocol):
    """Messages to the platform owner (master admins, through the master bot).

    Best effort: an alert that cannot be delivered is logged, never raised.
    """

    async def tenant_token_rejected(self, tenant: Tenant) -> None: ...

    async def receipts_unseen(self, tenant: Tenant, count: int) -> None:
        """`count` card-to-card receipts of `tenant` wait and no admin could be shown them."""
        ...

    async def daily_digest(
        self, failed: int, suspended: int, low_balance: int, receipts_waiting: int
    ) -> None:
        """The day's figures (application/tenancy/daily_digest.py)."""
        ...
