"""Redis is an accelerator, never a dependency of answering a user (docs/architecture.md#tenancy
and 2.5).

`RedisGuard` runs each Redis call with a short deadline and, when Redis fails,
answers from an in-process fallback instead. After a failure Redis is not asked
again for `retry_after` seconds (each update would otherwise wait for a dead
socket); the first call after that probes it. One warning per outage, one
notice when Redis is back. `/ready` reports an open breaker as "degraded".
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
T = TypeVar("T")
FAILURES = (RedisError, OSError, TimeoutError)


class RedisGuard:
    def __init__(
        self,
        redis: Redis,
        *,
        retry_after: float = 5.0,
        call_timeout: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.redis = redis
        self._retry_after, self._timeout, self._clock = retry_after, call_timeout, clock
        self._down = False
        self._next_probe = 0.0

    @property
    def available(self) -> bool:
        """False from a failed call until a call succeeds again."""
        return not self._down

    async def run(
        self, call: Callable[[], Awaitable[T]], fallback: Callable[[], Awaitable[T]]
    ) -> T:
        """`call()` against Redis; `fallback()` when Redis fails or is known to be down."""
        if self._down and self._clock() < self._next_probe:
            return await fallback()
        try:
            async with asyncio.timeout(self._timeout):
                result = await call()
        except FAILURES as exc:
            self._failed(exc)
            return await fallback()
        self._answered()
        return result

    async def ping(self) -> bool:
        """Probe Redis now (readiness), whatever the breaker says."""
        try:
            async with asyncio.timeout(self._timeout):
                await self.redis.ping()
        except FAILURES as exc:
            self._failed(exc)
            return False
        self._answered()
        return True

    def _failed(self, exc: BaseException) -> None:
        self._next_probe = self._clock() + self._retry_after
        if not self._down:
            self._down = True
            log.warning(
                "redis unreachable: FSM state and update dedup use this process's memory",
                extra={"error": type(exc).__name__},
            )

    def _answered(self) -> None:
        if self._down:
            self._down = False
            log.warning("redis answers again: FSM state and update dedup are shared again")
