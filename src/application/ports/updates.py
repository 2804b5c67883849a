from __future__ import annotations

from typing import Protocol

from src.core.ids import TenantId


class UpdateDeduplicator(Protocol):
    """Remembers which (tenant, update_id) pairs were seen.

    `first_time` returns True exactly once per pair within the retention window
    (atomically, across processes where the adapter is shared).
    """

    async def first_time(self, tenant_id: TenantId, update_id: int) -> bool: ...
