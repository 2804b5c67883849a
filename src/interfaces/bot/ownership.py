"""Which worker polls which bot, when several `fleet serve` run in polling mode.

Telegram answers 409 to a second concurrent getUpdates of one token, so each bot is
polled by one worker at a time: the worker holding its lease (docs/deployment.md).
Every tick a worker renews its leases and its own heartbeat, computes its fair share
(bots / live workers, rounded up), hands back leases above it (poller stopped first,
lease released after) and claims free or expired ones below it. A killed worker's
leases expire after the TTL and the others take its bots on their next tick; a
stopping worker releases its leases at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
from collections.abc import Awaitable, Callable
from typing import Protocol

from src.core.ids import TenantId
from src.infrastructure.metrics import LEASES_HELD

log = logging.getLogger(__name__)


BOT = "bot:"


class Leases(Protocol):
    """The lease table as a worker sees it (`PgLeases` in PostgreSQL)."""

    async def heartbeat(self, ttl: float) -> int: ...
    async def renew(self, prefix: str, ttl: float) -> set[str]: ...
    async def claim(self, key: str, ttl: float) -> bool: ...
    async def release(self, keys: list[str]) -> None: ...
    async def retire(self) -> None: ...


def _key(tenant_id: TenantId) -> str:
    return f"{BOT}{tenant_id}"


class PollingOwnership:
    def __init__(
        self,
        leases: Leases,
        wanted: Callable[[], set[TenantId]],
        converge: Callable[[set[TenantId]], Awaitable[None]],
        *,
        ttl: float,
        every: float,
    ) -> None:
        self._leases, self._wanted, self._converge = leases, wanted, converge
        self._ttl, self._every = ttl, every
        self.held: set[TenantId] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()

    async def start(self) -> None:
        await self.tick()  # alone, a worker polls its bots at once
        self._task = asyncio.create_task(self._loop(), name="polling-ownership")

    def nudge(self) -> None:
        """A bot was added or removed here: look at the leases now, not at the next tick."""
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        async with self._tick_lock:
            await self._converge(set())
            with contextlib.suppress(Exception):
                await self._leases.release([_key(t) for t in self.held])
                await self._leases.retire()
            self.held = set()
            LEASES_HELD.set(0)

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._every)
            self._wake.clear()
            try:
                await self.tick()
            except Exception:
                # the database is away: leases cannot be renewed, so another worker may
                # take them once they expire; stop polling before that can happen
                log.exception("polling leases not renewed; polling stopped here")
                await self._converge(set())
                self.held = set()

    async def tick(self) -> None:
        async with self._tick_lock:
            live = await self._leases.heartbeat(self._ttl)
            renewed = await self._leases.renew(BOT, self._ttl)
            held = {TenantId(int(k.removeprefix(BOT))) for k in renewed}
            wanted = self._wanted()
            share = math.ceil(len(wanted) / max(live, 1))
            keep = sorted(held & wanted)
            give_back = [t for t in held if t not in wanted] + keep[share:]
            self.held = set(keep[:share])
            if give_back:  # stop polling first, then let others take them
                await self._converge(self.held)
                await self._leases.release([_key(t) for t in give_back])
            free = list(wanted - self.held)
            random.shuffle(free)  # workers starting together do not race for the same bots
            for tenant_id in free:
                if len(self.held) >= share:
                    break
                if await self._leases.claim(_key(tenant_id), self._ttl):
                    self.held.add(tenant_id)
            await self._converge(self.held)
            LEASES_HELD.set(len(self.held))
