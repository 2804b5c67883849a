"""aiogram FSM storage: Redis while it answers, this process's memory meanwhile
(docs/runtime.md#storage). Keys carry the bot id, so two tenants' users never share state.

During an outage a conversation's steps live in memory; when Redis is back the
state Redis holds counts again (a step taken meanwhile may be asked again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage

from src.infrastructure.redis_guard import RedisGuard


class FallbackFsmStorage(BaseStorage):
    def __init__(self, guard: RedisGuard) -> None:
        self._guard = guard
        self._redis = RedisStorage(guard.redis, key_builder=DefaultKeyBuilder(with_bot_id=True))
        self._memory = MemoryStorage()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._guard.run(
            lambda: self._redis.set_state(key, state), lambda: self._memory.set_state(key, state)
        )

    async def get_state(self, key: StorageKey) -> str | None:
        return await self._guard.run(
            lambda: self._redis.get_state(key), lambda: self._memory.get_state(key)
        )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._guard.run(
            lambda: self._redis.set_data(key, data), lambda: self._memory.set_data(key, data)
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return await self._guard.run(
            lambda: self._redis.get_data(key), lambda: self._memory.get_data(key)
        )

    async def close(self) -> None:
        """The Redis client is the container's to close."""
        await self._memory.close()
