"""Group commit per tenant: concurrent requests of one tenant share one transaction.

Work serialized on one row lock (the card rotation state) costs a whole
transaction per request while every other request of the tenant waits for that
row. Here the requests that arrive meanwhile are queued, and one drainer task per
tenant runs them in batches: one transaction does the work of a whole batch in
order, and each request gets its own result once that transaction committed.
Across processes the row lock still orders the batches.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from src.core.ids import TenantId

T = TypeVar("T")
BatchRunner = Callable[[int], Awaitable[Sequence[T]]]


class TenantBatches(Generic[T]):
    """`submit(tenant, run)` -> this request's item of `run(n)` for a batch of n requests.

    Rules: requests of one tenant are served in arrival order, at most `max_batch`
    per run; a request cancelled before its batch starts is left out; a failing
    run fails every request of its batch (and only those); different tenants
    never wait for each other.
    """

    def __init__(self, max_batch: int = 64) -> None:
        self._max = max_batch
        self._waiting: dict[TenantId, list[asyncio.Future[T]]] = {}
        self._runners: dict[TenantId, BatchRunner[T]] = {}
        self._drainers: dict[TenantId, asyncio.Task[None]] = {}

    async def submit(self, tenant_id: TenantId, run: BatchRunner[T]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(tenant_id, []).append(future)
        self._runners[tenant_id] = run
        if tenant_id not in self._drainers:
            self._drainers[tenant_id] = asyncio.create_task(
                self._drain(tenant_id), name=f"batches-{tenant_id}"
            )
        return await future

    async def _drain(self, tenant_id: TenantId) -> None:
        batch: list[asyncio.Future[T]] = []
        try:
            while waiting := self._waiting.pop(tenant_id, None):
                batch, rest = waiting[: self._max], waiting[self._max :]
                if rest:
                    self._waiting[tenant_id] = rest
                batch = [f for f in batch if not f.done()]
                if batch:
                    await self._run(self._runners[tenant_id], batch)
                batch = []
        finally:
            for future in batch:  # this task was cancelled mid-batch
                future.cancel()
            self._drainers.pop(tenant_id, None)
            self._runners.pop(tenant_id, None)
            for future in self._waiting.pop(tenant_id, []):
                future.cancel()

    @staticmethod
    async def _run(run: BatchRunner[T], batch: list[asyncio.Future[T]]) -> None:
        try:
            results = await run(len(batch))
        except Exception as exc:
            for future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for future, result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
