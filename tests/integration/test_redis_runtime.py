"""Runtime state in Redis: FSM keys carry the bot id; update dedup spans processes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from src.core.ids import TenantId
from src.infrastructure.container import _fsm_storage
from src.infrastructure.redis_guard import RedisGuard
from src.infrastructure.telegram.dedup import RedisUpdateDeduplicator


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def test_fsm_state_of_one_user_in_two_bots_is_separate(redis: Redis) -> None:
    storage = _fsm_storage(RedisGuard(redis))
    alpha = StorageKey(bot_id=111, chat_id=42, user_id=42)
    beta = StorageKey(bot_id=222, chat_id=42, user_id=42)
    await storage.set_state(alpha, "buying")
    await storage.set_data(alpha, {"plan": 1})
    await storage.set_data(beta, {"plan": 2})
    assert await storage.get_state(alpha) == "buying"
    assert await storage.get_state(beta) is None
    assert await storage.get_data(alpha) == {"plan": 1}
    assert await storage.get_data(beta) == {"plan": 2}
    keys = {k.decode() if isinstance(k, bytes) else k for k in await redis.keys("*")}
    assert keys and all(":111:" in k or ":222:" in k for k in keys)


async def test_an_update_is_first_time_once_across_processes(redis: Redis) -> None:
    one = RedisUpdateDeduplicator(RedisGuard(redis))
    other = RedisUpdateDeduplicator(RedisGuard(redis))
    assert await one.first_time(TenantId(1), 500) is True
    assert await other.first_time(TenantId(1), 500) is False  # another process saw it
    assert await one.first_time(TenantId(1), 500) is False
    assert await other.first_time(TenantId(2), 500) is True  # same id, other tenant
