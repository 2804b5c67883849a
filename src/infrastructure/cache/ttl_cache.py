"""In-process TTL cache with single-flight loads and broadcast invalidation
(docs/architecture.md#flags-and-config)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from src.infrastructure.broadcast import Broadcast

T = TypeVar("T")
CHANNEL = "fleet:cache:invalidate"


class TtlCache:
    """Implements the `Cache` port.

    - A hit is a dict lookup and a clock read: no I/O.
    - Concurrent misses of one key share one load (single flight).
    - Each key has a generation bumped by `invalidate`; a load that started before
      an invalidation is returned to its callers but not stored, so a slow reader
      can never write a stale value back after a writer's invalidation.
    - Invalidations are broadcast (Redis pub/sub when configured); when the
      broadcast channel reconnects, everything is dropped because messages may
      have been missed. Without a working channel staleness is bounded by `ttl`.
    """

    def __init__(
        self,
        broadcast: Broadcast,
        *,
        ttl: float = 30.0,
        max_entries: int = 200_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._clock = ttl, max_entries, clock
        self._entries: dict[str, tuple[float, Any]] = {}
        self._generations: dict[str, int] = {}
        self._epoch = 0
        self._inflight: dict[str, asyncio.Future[Any]] = {}
        self._broadcast = broadcast
        broadcast.subscribe(CHANNEL, self._on_remote)
        broadcast.on_reconnect(self.clear)

    async def get_or_load(self, key: str, loader: Callable[[], Awaitable[T]]) -> T:
        entry = self._entries.get(key)
        if entry is not None and entry[0] > self._clock():
            return cast(T, entry[1])
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._load(key, loader))
            self._inflight[key] = pending
            pending.add_done_callback(lambda done: self._forget(key, done))
        return cast(T, await asyncio.shield(pending))

    def _forget(self, key: str, done: asyncio.Future[Any]) -> None:
        if self._inflight.get(key) is done:
            del self._inflight[key]

    async def _load(self, key: str, loader: Callable[[], Awaitable[T]]) -> T:
        generation, epoch = self._generations.get(key, 0), self._epoch
        value = await loader()
        if generation == self._generations.get(key, 0) and epoch == self._epoch:
            if len(self._entries) >= self._max:
                self._evict()
            self._entries[key] = (self._clock() + self._ttl, value)
        return value

    def _evict(self) -> None:
        now = self._clock()
        for k in [k for k, (exp, _v) in self._entries.items() if exp <= now]:
            del self._entries[k]
        while len(self._entries) >= self._max:
            del self._entries[next(iter(self._entries))]

    async def invalidate(self, *keys: str) -> None:
        self.drop_local(keys)
        if keys:
            await self._broadcast.publish(CHANNEL, {"keys": list(keys)})

    def drop_local(self, keys: tuple[str, ...] | list[str]) -> None:
        for key in keys:
            self._entries.pop(key, None)
            self._generations[key] = self._generations.get(key, 0) + 1
            self._inflight.pop(key, None)  # later callers must not join a stale load

    def clear(self) -> None:
        self._entries.clear()
        self._inflight.clear()
        self._epoch += 1

    async def _on_remote(self, payload: dict[str, Any]) -> None:
        keys = payload.get("keys")
        if isinstance(keys, list):
            self.drop_local([k for k in keys if isinstance(k, str)])

    def __len__(self) -> int:
        return len(self._entries)
