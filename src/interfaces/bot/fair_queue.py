"""A bounded update queue that serves tenants round-robin (PRODUCT 2.2).

One tenant flooding its webhook fills only its own share: `max_per_tenant` caps a
tenant's backlog and workers take one update per tenant in turn, so a quiet
tenant's update waits behind at most one update of every other busy tenant.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

from src.core.ids import TenantId

T = TypeVar("T")


class QueueFull(Exception):
    """The queue (or this tenant's share of it) is full: answer 503, Telegram retries."""


class FairQueue(Generic[T]):
    def __init__(self, max_total: int = 10_000, max_per_tenant: int = 1_000) -> None:
        self._max_total, self._max_per_tenant = max_total, max_per_tenant
        self._queues: dict[TenantId, deque[T]] = {}
        self._ready: deque[TenantId] = deque()
        self._items = asyncio.Semaphore(0)
        self._size = 0
        self._unfinished = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._space = asyncio.Condition()

    def __len__(self) -> int:
        return self._size

    def put_nowait(self, tenant_id: TenantId, item: T) -> None:
        queue = self._queues.get(tenant_id)
        if self._size >= self._max_total or (queue and len(queue) >= self._max_per_tenant):
            raise QueueFull
        if queue is None:
            queue = self._queues[tenant_id] = deque()
            self._ready.append(tenant_id)
        queue.append(item)
        self._size += 1
        self._unfinished += 1
        self._idle.clear()
        self._items.release()

    async def put(self, tenant_id: TenantId, item: T) -> None:
        """Wait for room instead of failing (pollers apply back-pressure)."""
        async with self._space:
            while True:
                try:
                    self.put_nowait(tenant_id, item)
                    return
                except QueueFull:
                    await self._space.wait()

    async def get(self) -> tuple[TenantId, T]:
        await self._items.acquire()
        tenant_id = self._ready.popleft()
        queue = self._queues[tenant_id]
        item = queue.popleft()
        if queue:
            self._ready.append(tenant_id)
        else:
            del self._queues[tenant_id]
        self._size -= 1
        async with self._space:
            self._space.notify()
        return tenant_id, item

    def task_done(self) -> None:
        self._unfinished -= 1
        if self._unfinished <= 0:
            self._unfinished = 0
            self._idle.set()

    async def join(self) -> None:
        await self._idle.wait()
