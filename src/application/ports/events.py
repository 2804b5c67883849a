from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from src.core.ids import TenantId

TenantListener = Callable[[TenantId], Awaitable[None]]


class TenantEvents(Protocol):
    """Announces that a tenant was created or changed status or was deleted.

    Listeners (the bot runtime) re-read the tenant and start or stop its bot.
    Delivered to listeners in this process at once and, where the adapter spans
    processes, to every other process. Publish never raises on a broadcast failure.
    """

    async def publish(self, tenant_id: TenantId) -> None: ...

    def subscribe(self, listener: TenantListener) -> None: ...
