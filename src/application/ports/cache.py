from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Cache(Protocol):
    """Read-through cache of hot, small records (tenants, flags, config, token ids).

    Contract:
    - `get_or_load` returns the cached value or awaits `loader`, caches and returns
      its result; a load that raced with an `invalidate` of the same key is returned
      but not cached (no stale write-back).
    - `invalidate` drops the keys in this process at once and, where the adapter
      spans processes, in every other process soon after (best effort: when the
      broadcast channel is down, staleness is bounded by the TTL).
    - Keys always carry the tenant id (see `cache_keys`).
    """

    async def get_or_load(self, key: str, loader: Callable[[], Awaitable[T]]) -> T: ...

    async def invalidate(self, *keys: str) -> None: ...
