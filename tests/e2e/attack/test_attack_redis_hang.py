"""Redis that accepts connections and never answers (a paused server, a blackholed
route): writes must still finish (docs/runtime.md, "Redis is optional at run time").

FSM and dedup go through RedisGuard (a 1 s deadline, tested in
tests/e2e/bots/test_redis_outage.py for a closed port and a restart). The
cross-process broadcast is the other Redis user: every cache invalidation (a plan,
a config value, a flag changed through the API or a bot) and every tenant event
(created, suspended, failed) publishes on it. Its client had no socket timeout, so
with Redis hanging each such write waited forever after its commit: the API call
never answered and the billing job stalled at its first status change.

Cases considered: Redis at a closed port (fails fast: held, tests/integration/
test_redis_cache.py); Redis hanging on publish (below); Redis hanging while the
listener subscribes at start (start() gives up after 2 s: held); Redis back after a
hang (the listener reconnects: tests/integration/test_redis_cache.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers

from src.application.shop.update_plan import UpdatePlanInput
from src.infrastructure.broadcast import RedisBroadcast
from src.infrastructure.container import Container
from tests.support.shop import shop_world

BOUND = 5.0  # seconds: generous; the publish deadline is far below it


@pytest.fixture
async def hanging_redis() -> AsyncIterator[str]:
    """A TCP server that reads whatever it is sent and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        while await reader.read(4096):
            pass

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"redis://127.0.0.1:{port}/0"
    for writer in held:
        writer.close()
    server.close()


async def test_a_plan_change_answers_with_redis_hanging(
    sql_container: Container, hanging_redis: str
) -> None:
    broadcast = RedisBroadcast(hanging_redis)
    sql_container.broadcast.override(providers.Object(broadcast))
    sql_container.cache.reset()
    try:
        world = await shop_world(sql_container, "Hanging")
        started = time.monotonic()
        changed = await asyncio.wait_for(
            sql_container.update_plan()(
                UpdatePlanInput(world.tenant.id, world.plan.id, price=45_000)
            ),
            BOUND * 2,
        )
        took = time.monotonic() - started
    finally:
        await broadcast.stop()
    assert changed.terms.price == 45_000
    assert took < BOUND, f"the plan change took {took:.1f} s with Redis hanging"
