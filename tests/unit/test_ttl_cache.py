from __future__ import annotations

import asyncio

import pytest

from src.infrastructure.broadcast import LocalBroadcast
from src.infrastructure.cache.ttl_cache import TtlCache


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_hit_does_not_load_again_until_ttl() -> None:
    clock, loads = FakeTime(), []

    async def loader() -> int:
        loads.append(1)
        return len(loads)

    cache = TtlCache(LocalBroadcast(), ttl=10, clock=clock)
    assert await cache.get_or_load("k", loader) == 1
    assert await cache.get_or_load("k", loader) == 1
    clock.now = 10.5
    assert await cache.get_or_load("k", loader) == 2


async def test_invalidate_is_seen_at_once() -> None:
    value = {"v": 1}

    async def loader() -> int:
        return value["v"]

    cache = TtlCache(LocalBroadcast(), ttl=60)
    assert await cache.get_or_load("k", loader) == 1
    value["v"] = 2
    await cache.invalidate("k")
    assert await cache.get_or_load("k", loader) == 2


async def test_concurrent_misses_share_one_load() -> None:
    started = 0
    gate = asyncio.Event()

    async def loader() -> str:
        nonlocal started
        started += 1
        await gate.wait()
        return "x"

    cache = TtlCache(LocalBroadcast())
    waiters = [asyncio.create_task(cache.get_or_load("k", loader)) for _ in range(50)]
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(*waiters) == ["x"] * 50
    assert started == 1


async def test_a_load_racing_an_invalidation_is_not_written_back() -> None:
    """Reader loads the old value, writer commits and invalidates, reader finishes:
    the old value must not stay in the cache."""
    db = {"v": "old"}
    reading = asyncio.Event()
    release = asyncio.Event()

    async def slow_loader() -> str:
        seen = db["v"]
        reading.set()
        await release.wait()
        return seen

    async def loader() -> str:
        return db["v"]

    cache = TtlCache(LocalBroadcast(), ttl=60)
    reader = asyncio.create_task(cache.get_or_load("k", slow_loader))
    await reading.wait()
    db["v"] = "new"
    await cache.invalidate("k")
    release.set()
    assert await reader == "old"  # its own caller gets what it read
    assert await cache.get_or_load("k", loader) == "new"


async def test_failed_load_is_not_cached() -> None:
    calls = 0

    async def loader() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("db down")
        return 5

    cache = TtlCache(LocalBroadcast())
    with pytest.raises(RuntimeError):
        await cache.get_or_load("k", loader)
    assert await cache.get_or_load("k", loader) == 5


async def test_size_is_bounded() -> None:
    cache = TtlCache(LocalBroadcast(), max_entries=100)
    for i in range(1000):

        async def loader(i: int = i) -> int:
            return i

        await cache.get_or_load(f"k{i}", loader)
    assert len(cache) <= 100


async def test_clear_drops_everything_after_a_reconnect() -> None:
    cache = TtlCache(LocalBroadcast())

    async def one() -> int:
        return 1

    async def two() -> int:
        return 2

    await cache.get_or_load("k", one)
    cache.clear()
    assert await cache.get_or_load("k", two) == 2
