"""Two `fleet serve` workers in polling mode share the bots through leases.

Cases considered: a worker joining one that holds every bot (it hands back half,
no bot polled twice meanwhile), kill -9 (leases expire, the survivor takes the bots
within the TTL and a tick), graceful stop (leases released at once), Redis absent
(leases live in PostgreSQL only: these workers have no FLEET_REDIS_URL). Considered
and not tested: two workers starting at the same instant (claims are single-row
upserts, so at worst one claims more and hands back on its next tick), a tenant
created while both run (claimed on a tick, as after a kill), the database away (a
worker that cannot renew stops polling before its leases can expire).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.infrastructure.container import Container
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.workers.conftest import add_shops
from tests.e2e.workers.fleet_workers import Worker, eventually, worker_env

pytestmark = pytest.mark.e2e
TENANTS = 12
LEASE_TTL = 6  # seconds: takeover within TTL + TTL/3 = 8 s (15 s + 5 s = 20 s by default)


async def leases_by_holder(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT holder, count(*) FROM leases WHERE key LIKE 'bot:%' "
                "AND expires_at > now() GROUP BY holder"
            )
        )
        return {str(h): int(n) for h, n in rows}


async def all_answer(sim: BotApiSimulator, tokens: list[str], user: int, timeout: float) -> None:  # noqa: ASYNC109
    for token in tokens:
        sim.send_text(token, user, "/start")
    await asyncio.gather(*(sim.wait_for_message(token, user, timeout=timeout) for token in tokens))


@pytest.mark.timeout(400)  # two worker processes start on a shared 2-core machine
async def test_two_polling_workers_never_poll_a_bot_twice_and_take_over_a_killed_one(
    sim: BotApiSimulator, setup: Container, database_url: str, clean_db: AsyncEngine,
    tmp_path: Path,
) -> None:  # fmt: skip
    master, shops = await add_shops(setup, sim, TENANTS)
    tokens = list(shops.values())
    env = worker_env(database_url, sim.base_url, master, FLEET_LEASE_TTL=str(LEASE_TTL))
    first, second = (
        Worker({**env, "FLEET_DATA_DIR": str(tmp_path / "a")}),
        Worker({**env, "FLEET_DATA_DIR": str(tmp_path / "b")}),
    )
    try:
        await first.start(tmp_path / "a.log")
        await first.wait_ready()
        await all_answer(sim, tokens, 1001, timeout=15)  # alone, it polls every bot
        await second.start(tmp_path / "b.log")
        await second.wait_ready()

        async def balanced() -> bool:  # the first hands back half to the joining one
            held = await leases_by_holder(clean_db)
            return len(held) == 2 and max(held.values()) - min(held.values()) <= 1

        await eventually(balanced, 4 * LEASE_TTL, "bots spread over both workers")
        await all_answer(sim, tokens, 1002, timeout=15)
        assert all(sim.max_concurrent_polls(t) == 1 for t in [master, *tokens])

        first.kill()
        killed_at = asyncio.get_running_loop().time()
        await all_answer(sim, tokens, 1003, timeout=30)
        took = asyncio.get_running_loop().time() - killed_at
        print(f"takeover after kill -9: every bot answered in {took:.1f} s (TTL {LEASE_TTL} s)")
        assert took < 30
        assert all(sim.max_concurrent_polls(t) == 1 for t in [master, *tokens])

        assert await second.stop() in (0, -15)  # uvicorn re-raises SIGTERM once stopped
        assert await leases_by_holder(clean_db) == {}  # handed back on a graceful stop
    finally:
        for worker in (first, second):
            if worker.proc and worker.proc.returncode is None:
                worker.kill()
                await worker.proc.wait()
