"""A bounded update queue that serves tenants round-robin, with per-tenant bulkheads
(docs/runtime.md#bulkheads).

One tenant flooding its webhook fills only its own share: `max_per_tenant` caps a
tenant's backlog and workers take one update per tenant in turn, so a quiet
tenant's update waits behind at most one update of every other busy tenant.

A tenant also holds at most `max_active` updates in flight: a tenant whose
handlers are slow (a hanging panel, a flood wait at Telegram) keeps the rest of
its updates in its own queue, and the other workers go on serving the others.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

from src.core.ids import TenantId
from src.infrastructure.metrics import UPDATES

T = TypeVar("T")


class QueueFull(Exception):
    """The queue (or this tenant's share of it) is full: answer 503, Telegram retries."""


class FairQueue(Generic[T]):
    def __init__(
        self, max_total: int = 10_000, max_per_tenant: int = 1_000, max_active: int = 4
    ) -> None:
        if max_active < 1:
            raise ValueError("max_active must be at least 1")
        self._max_total, self._max_per_tenant = max_total, max_per_tenant
        self._max_active = max_active
        self._queues: dict[TenantId, deque[T]] = {}
        self._active: dict[TenantId, int] = {}
        # tenants with a queued update and room for one more in flight, each once
        self._ready: deque[TenantId] = deque()
        self._in_ready: set[TenantId] = set()
        self._ready_count = asyncio.Semaphore(0)  # == len(self._ready)
        self._size = 0
        self.high_water = 0  # the longest one tenant's queue has been (a metric)
        self._unfinished = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._space = asyncio.Condition()

    def __len__(self) -> int:
        return self._size

    def active(self, tenant_id: TenantId) -> int:
        """Updates of this tenant taken by a worker and not yet done."""
        return self._active.get(tenant_id, 0)

    def put_nowait(self, tenant_id: TenantId, item: T) -> None:
        queue = self._queues.get(tenant_id)
        if self._size >= self._max_total or (queue and len(queue) >= self._max_per_tenant):
            raise QueueFull
        if queue is None:
            queue = self._queues[tenant_id] = deque()
        queue.append(item)
        self.high_water = max(self.high_water, len(queue))
        UPDATES.labels("received").inc()
        self._size += 1
        self._unfinished += 1
        self._idle.clear()
        self._make_ready(tenant_id)

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
        """The next update of the next tenant in turn; call `task_done(tenant)` after it."""
        await self._ready_count.acquire()
        tenant_id = self._ready.popleft()
        self._in_ready.discard(tenant_id)
        queue = self._queues[tenant_id]
        item = queue.popleft()
        if not queue:
            del self._queues[tenant_id]
        self._active[tenant_id] = self._active.get(tenant_id, 0) + 1
        self._size -= 1
        self._make_ready(tenant_id)
        async with self._space:
            self._space.notify()
        return tenant_id, item

    def task_done(self, tenant_id: TenantId) -> None:
        left = self._active.get(tenant_id, 0) - 1
        if left > 0:
            self._active[tenant_id] = left
        else:
            self._active.pop(tenant_id, None)
        self._make_ready(tenant_id)
        self._unfinished -= 1
        if self._unfinished <= 0:
            self._unfinished = 0
            self._idle.set()

    async def join(self) -> None:
        await self._idle.wait()

    def _make_ready(self, tenant_id: TenantId) -> None:
        """Give the tenant a turn if it has work and room in its bulkhead."""
        if (
            tenant_id not in self._in_ready
            and tenant_id in self._queues
            and self._active.get(tenant_id, 0) < self._max_active
        ):
            self._ready.append(tenant_id)
            self._in_ready.add(tenant_id)
            self._ready_count.release()
