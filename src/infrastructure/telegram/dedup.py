"""`UpdateDeduplicator` adapters: in-process (bounded) and Redis (shared by processes)."""

from __future__ import annotations

from collections import OrderedDict

from src.core.ids import TenantId
from src.infrastructure.redis_guard import RedisGuard


class InMemoryUpdateDeduplicator:
    """Remembers the last `capacity` pairs in this process (LRU)."""

    def __init__(self, capacity: int = 200_000) -> None:
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._capacity = capacity

    async def first_time(self, tenant_id: TenantId, update_id: int) -> bool:
        key = (tenant_id, update_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True


class RedisUpdateDeduplicator:
    """`SET key NX EX ttl`: atomic across processes. When Redis fails (or the guard
    knows it is down), the local memory still catches the common case (a
    redelivery to the same process)."""

    def __init__(self, guard: RedisGuard, ttl_seconds: int = 24 * 3600) -> None:
        self._guard, self._ttl = guard, ttl_seconds
        self._local = InMemoryUpdateDeduplicator(capacity=50_000)

    async def first_time(self, tenant_id: TenantId, update_id: int) -> bool:
        if not await self._local.first_time(tenant_id, update_id):
            return False
        return await self._guard.run(
            lambda: self._claim(tenant_id, update_id), self._seen_here_only
        )

    async def _claim(self, tenant_id: TenantId, update_id: int) -> bool:
        key = f"fleet:dedup:{tenant_id}:{update_id}"
        return bool(await self._guard.redis.set(key, b"1", nx=True, ex=self._ttl))

    @staticmethod
    async def _seen_here_only() -> bool:
        return True  # the local memory said first time; nobody else can be asked
