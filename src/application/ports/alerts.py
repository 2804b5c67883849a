from __future__ import annotations

from typing import Protocol

from src.core.tenancy.tenant import Tenant


class PlatformAlerts(Protocol):
    """Messages to the platform owner (master admins, through the master bot).

    Best effort: an alert that cannot be delivered is logged, never raised.
    """

    async def tenant_token_rejected(self, tenant: Tenant) -> None: ...
