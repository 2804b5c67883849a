"""Cross-process invalidation through Redis pub/sub (PRODUCT 1.5)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from src.core.ids import TenantId
from src.infrastructure.broadcast import RedisBroadcast
from src.infrastructure.cache.ttl_cache import TtlCache
from src.infrastructure.events import BroadcastTenantEvents


@pytest.fixture
async def two_processes(redis_url: str) -> AsyncIterator[tuple[RedisBroadcast, RedisBroadcast]]:
    a, b = RedisBroadcast(redis_url), RedisBroadcast(redis_url)
    await a.start()
    await b.start()
    yield a, b
    await a.stop()
    await b.stop()


async def test_a_write_in_one_process_is_seen_by_another_within_a_second(
    two_processes: tuple[RedisBroadcast, RedisBroadcast],
) -> None:
    bus_a, bus_b = two_processes
    db = {"features:1": "off"}
    cache_a, cache_b = TtlCache(bus_a, ttl=300), TtlCache(bus_b, ttl=300)

    async def load() -> str:
        return db["features:1"]

    assert await cache_a.get_or_load("features:1", load) == "off"
    assert await cache_b.get_or_load("features:1", load) == "off"
    db["features:1"] = "on"
    started = time.monotonic()
    await cache_a.invalidate("features:1")
    assert await cache_a.get_or_load("features:1", load) == "on"  # at once here
    while await cache_b.get_or_load("features:1", load) != "on":
        assert time.monotonic() - started < 1.0, "other process still stale after 1 s"
        await asyncio.sleep(0.01)


async def test_tenant_events_reach_the_other_process(
    two_processes: tuple[RedisBroadcast, RedisBroadcast],
) -> None:
    bus_a, bus_b = two_processes
    events_a, events_b = BroadcastTenantEvents(bus_a), BroadcastTenantEvents(bus_b)
    got: asyncio.Queue[TenantId] = asyncio.Queue()

    async def listener(tenant_id: TenantId) -> None:
        await got.put(tenant_id)

    events_b.subscribe(listener)
    await events_a.publish(TenantId(42))
    assert await asyncio.wait_for(got.get(), 1.0) == 42


async def test_reads_still_work_when_redis_is_unreachable() -> None:
    bus = RedisBroadcast("redis://127.0.0.1:1/0", max_backoff=0.2)
    await bus.start()
    cache = TtlCache(bus, ttl=300)

    async def load() -> int:
        return 7

    assert await cache.get_or_load("k", load) == 7
    await cache.invalidate("k")  # publish fails quietly
    assert await cache.get_or_load("k", load) == 7
    await bus.stop()
