"""`UpdateDeduplicator` adapters: in-process (bounded) and Redis (shared by processes)."""

from __future__ import annotations

from collections import OrderedDict

from redis.asyncio import Redis
from redis.exceptions import RedisError

from src.core.ids import TenantId


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
    """`SET key NX EX ttl`: atomic across processes. When Redis fails, the local
    memory still catches the common case (a redelivery to the same process)."""

    def __init__(self, redis: Redis, ttl_seconds: int = 24 * 3600) -> None:
        self._redis, self._ttl = redis, ttl_seconds
        self._local = InMemoryUpdateDeduplicator(capacity=50_000)

    async def first_time(self, tenant_id: TenantId, update_id: int) -> bool:
        if not await self._local.first_time(tenant_id, update_id):
            return False
        try:
            created = await self._redis.set(
                f"fleet:dedup:{tenant_id}:{update_id}", b"1", nx=True, ex=self._ttl
            )
        except (RedisError, OSError):
            return True
        return bool(created)
