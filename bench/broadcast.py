"""Broadcast of 10,000 messages through the simulator: messages/s per bot, CPU ms per message.

A whole Fleet process (real aiogram, real PostgreSQL, the delivering worker of
docs/broadcasts.md) sends one broadcast per bot: BOTS bots x USERS_PER_BOT users =
10,000 messages, all bots in parallel. Printed: the wall time, each bot's rate (mean
over its sends, and the most sends in any one second, from the simulator's clock:
target the 25/s cap, held, never exceeded), and the process CPU time per message.
The simulator runs in the same process, so its CPU is counted too (an upper bound).
"""

from __future__ import annotations

import os
import statistics
import time
from tempfile import mkdtemp

from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import scratch_database
from src.core.broadcasts import RATE_PER_BOT, Audience, BroadcastMessage, BroadcastStatus
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.clock import FrozenClock
from src.infrastructure.settings import load_settings
from src.interfaces.composition import compose
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.bots.harness import Harness, Shop
from tests.e2e.bots.test_broadcast_delivery import max_per_second

BOTS = 4  # 4 x 25/s = 100 messages/s: what 2 busy cores sustain (20 bots measured 6.5/s each)
USERS_PER_BOT = 2500
ADMIN = 700_001
TEXT = "Maintenance tonight 02:00-03:00 UTC"


async def seed(url: str, shops: list[Shop]) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        for n, shop in enumerate(shops):
            first = 60_000_000 + n * USERS_PER_BOT
            await conn.execute(
                text(
                    "INSERT INTO bot_users (bot_id, telegram_id, language, referral_code) "
                    "VALUES (:bot, :tg, 'en', :ref)"
                ),
                [
                    {"bot": shop.id, "tg": tg, "ref": f"r{tg}"}
                    for tg in range(first, first + USERS_PER_BOT)
                ],
            )
    await engine.dispose()


async def main() -> None:
    sim = BotApiSimulator()
    await sim.start()
    async with scratch_database("bench_broadcast") as url:
        await migrate_async(url)
        settings = load_settings(
            {
                "FLEET_DATA_DIR": mkdtemp(),
                "FLEET_SECRET_KEY": "bench-secret-" + "b" * 32,
                "FLEET_MASTER_API_KEY": "bench-master-" + "m" * 32,
                "FLEET_TELEGRAM_API_URL": sim.base_url,
            }
        )
        container = compose(settings=settings, database_url=url)
        container.clock.override(providers.Object(FrozenClock()))
        harness = Harness(sim, container, "polling")
        try:
            await harness.start()
            shops = [await harness.add_shop(f"Bench{n}", admins=(ADMIN,)) for n in range(BOTS)]
            await seed(url, shops)
            for n, shop in enumerate(shops):
                first = 60_000_000 + n * USERS_PER_BOT
                for tg in (*range(first, first + USERS_PER_BOT), ADMIN):
                    sim.add_user(tg, started_bots=[shop.token])
            start, store = container.start_broadcast(), container.broadcast_store()
            cpu, wall = time.process_time(), time.perf_counter()
            ids = [
                (
                    shop,
                    (
                        await start.to_audience(
                            shop.id, Audience.ALL, BroadcastMessage(TEXT), by=ADMIN, language="en"
                        )
                    ).id,
                )
                for shop in shops
            ]

            async def done() -> bool:
                for shop, bid in ids:
                    found = await store.get(shop.id, bid)
                    if found is None or found.status is not BroadcastStatus.DONE:
                        return False
                return True

            await harness.eventually(done, timeout=600)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            await harness.stop()
            await container.engine().dispose()
    await sim.stop()
    rates, peaks, total = [], [], 0
    for shop, _ in ids:
        sends = sorted(
            c.at
            for c in sim.calls(shop.token, "sendMessage")
            if c.ok and c.params.get("text") == TEXT
        )
        total += len(sends)
        rates.append((len(sends) - 1) / (sends[-1] - sends[0]))
        peaks.append(max_per_second(sends))
    print(
        f"  {total} messages via {BOTS} bots in {wall:.1f} s; per bot: mean "
        f"{statistics.mean(rates):.1f}/s (min {min(rates):.1f}, max {max(rates):.1f}), "
        f"busiest second {max(peaks)} (cap {RATE_PER_BOT}); CPU {1000 * cpu / total:.2f} ms "
        f"per message (simulator included; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs)"
    )
