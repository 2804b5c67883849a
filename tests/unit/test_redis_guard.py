"""The Redis guard's breaker: a failure sends calls to the fallback without asking
Redis until `retry_after` passes; the probe after that closes it again.

Cases considered: Redis refusing (ConnectionError) and hanging (past the call
deadline): both covered; many calls during one outage: one warning (covered in
`tests/e2e/bots/test_redis_outage.py` through the log).
"""

from __future__ import annotations

import asyncio
from typing import cast

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from src.infrastructure.redis_guard import RedisGuard


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Backend:
    def __init__(self) -> None:
        self.calls, self.mode = 0, "up"

    async def __call__(self) -> str:
        self.calls += 1
        if self.mode == "refusing":
            raise RedisConnectionError("refused")
        if self.mode == "hanging":
            await asyncio.Event().wait()
        return "redis"


async def _memory() -> str:
    return "memory"


def _guard(clock: Clock) -> RedisGuard:
    return RedisGuard(cast(Redis, object()), retry_after=5.0, call_timeout=0.05, clock=clock)


async def test_a_refusing_redis_is_left_alone_until_retry_after_then_probed() -> None:
    clock, backend = Clock(), Backend()
    guard = _guard(clock)
    backend.mode = "refusing"
    assert await guard.run(backend, _memory) == "memory"
    assert not guard.available
    for _ in range(10):
        assert await guard.run(backend, _memory) == "memory"
    assert backend.calls == 1  # not asked again during the cooldown

    backend.mode = "up"
    clock.now = 5.0
    assert await guard.run(backend, _memory) == "redis"
    assert guard.available and backend.calls == 2


async def test_a_hanging_redis_costs_one_call_deadline_then_the_fallback_answers() -> None:
    clock, backend = Clock(), Backend()
    guard = _guard(clock)
    backend.mode = "hanging"
    assert await asyncio.wait_for(guard.run(backend, _memory), 1) == "memory"
    assert await guard.run(backend, _memory) == "memory"
    assert backend.calls == 1
