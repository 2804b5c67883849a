"""`TenantEvents` over the broadcast: local listeners at once, other processes via Redis."""

from __future__ import annotations

import logging
from typing import Any

from src.application.ports.events import TenantListener
from src.core.ids import TenantId
from src.infrastructure.broadcast import Broadcast

log = logging.getLogger(__name__)
CHANNEL = "fleet:tenant-events"


class BroadcastTenantEvents:
    def __init__(self, broadcast: Broadcast) -> None:
        self._broadcast = broadcast
        self._listeners: list[TenantListener] = []
        broadcast.subscribe(CHANNEL, self._on_remote)

    def subscribe(self, listener: TenantListener) -> None:
        self._listeners.append(listener)

    async def publish(self, tenant_id: TenantId) -> None:
        await self._notify(tenant_id)
        await self._broadcast.publish(CHANNEL, {"tenant_id": int(tenant_id)})

    async def _notify(self, tenant_id: TenantId) -> None:
        for listener in self._listeners:
            try:
                await listener(tenant_id)
            except Exception:
                log.exception("tenant listener failed", extra={"tenant_id": tenant_id})

    async def _on_remote(self, payload: dict[str, Any]) -> None:
        tenant_id = payload.get("tenant_id")
        if isinstance(tenant_id, int):
            await self._notify(TenantId(tenant_id))
