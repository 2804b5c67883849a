"""Webhook throughput of the multi-bot runtime, memory per idle tenant, start-up time.

1. 1,000 tenants; /start (tenant read + one row written) fed as webhooks by 50
   concurrent senders; updates/s and p50/p99 from POST to the reply reaching the
   Bot API; the same against a naive variant that reads the tenant from the
   database on every update; SQL statements per update.
2. RSS per registered idle tenant (10,000 bots in the registry, tenants cached).
3. Time from start to all of 10,000 tenants registered and served (webhook mode,
   webhooks already set at Telegram).
Targets (issue 4): no query for tenant resolution on a cache hit, >= 1,000
updates/s, <= 20 KB per idle tenant, 10,000 tenants ready in <= 10 s.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from tempfile import mkdtemp

import aiohttp
from aiogram.types import Update
from sqlalchemy import text

from bench.common import bench_tenant, percentile, scratch_database
from bench.tgsink import TelegramSink
from src.core.ids import TenantId
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.clock import SystemClock
from src.infrastructure.security import FernetSecretBox, WebhookSecrets
from src.infrastructure.settings import load_settings
from src.interfaces.bot.runtime import RuntimeOptions
from src.interfaces.composition import compose
from src.interfaces.platform import Platform

SECRET = "bench-secret-" + "s" * 32
TENANTS, BIG, UPDATES, CONCURRENCY = 1_000, 10_000, 10_000, 50
ROOT = Path(__file__).resolve().parents[1]


def rss_kb() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


async def seed(url: str, count: int, start_index: int = 0) -> list[TenantId]:
    settings = load_settings({"FLEET_DATA_DIR": mkdtemp(), "FLEET_SECRET_KEY": SECRET})
    container = compose(settings=settings, database_url=url)
    box, now, ids = FernetSecretBox(SECRET), SystemClock().now(), []
    async with container.uow().platform() as uow:
        for i in range(start_index, start_index + count):
            bot_id = 6_000_000_000 + i
            tenant = await uow.tenants.add(
                bench_tenant(i, bot_id, now, box.seal(f"{bot_id}:AAB{'q' * 32}"))
            )
            ids.append(tenant.id)
        await uow.commit()
    await container.engine().dispose()
    return ids


def update_body(update_id: int, chat_id: int) -> bytes:
    return (
        b'{"update_id":%d,"message":{"message_id":1,"date":1767225600,'
        b'"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"u"},'
        b'"text":"/start","entities":[{"type":"bot_command","offset":0,"length":6}]}}'
    ) % (update_id, chat_id, chat_id)


async def drive(
    variant: str, url: str, sink: TelegramSink, ids: list[TenantId]
) -> dict[str, float]:
    port = 20_000 + random.randint(0, 20_000)
    proc = subprocess.Popen(  # noqa: S603, ASYNC220 - started once, before measuring
        [
            sys.executable,
            "-m",
            "bench.runtime_server",
            "--variant",
            variant,
            "--port",
            str(port),
            "--sink",
            sink.url,
            "--database-url",
            url,
            "--secret",
            SECRET,
            "--data-dir",
            mkdtemp(),
        ],
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    secrets = WebhookSecrets(SECRET)
    counter = itertools.count(1)
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as http:
            for _ in range(200):
                try:
                    async with http.get(f"{base}/bench/stats") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)

            async def one(tenant_id: TenantId) -> float:
                n = next(counter)
                chat_id = 10_000_000 + n
                waiter = sink.expect(chat_id)
                started = time.perf_counter()
                async with http.post(
                    f"{base}/telegram/{tenant_id}",
                    data=update_body(n, chat_id),
                    headers={
                        "X-Telegram-Bot-Api-Secret-Token": secrets.for_tenant(tenant_id),
                        "Content-Type": "application/json",
                    },
                ) as resp:
                    assert resp.status == 200, resp.status
                return await asyncio.wait_for(waiter, 30) - started

            async def run(picks: list[TenantId]) -> list[float]:
                queue = list(picks)
                latencies: list[float] = []

                async def sender() -> None:
                    while queue:
                        latencies.append(await one(queue.pop()))

                await asyncio.gather(*(sender() for _ in range(CONCURRENCY)))
                return latencies

            await run(list(ids))  # warm-up: one update per tenant (fills the cache)
            async with http.get(f"{base}/bench/reset") as r:
                cpu_before = (await r.json())["cpu"]
            rng = random.Random(3)
            picks = [rng.choice(ids) for _ in range(UPDATES)]
            started = time.perf_counter()
            latencies = await run(picks)
            elapsed = time.perf_counter() - started
            async with http.get(f"{base}/bench/stats") as r:
                stats = await r.json()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {
        "rate": UPDATES / elapsed,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "queries": stats["queries"] / max(1, stats["updates"]),
        "cpu_ms": (stats["cpu"] - cpu_before) * 1000 / max(1, stats["updates"]),
    }


async def idle_memory(url: str) -> tuple[float, float]:
    """Registry + cached tenant per idle tenant, measured in this process: RSS growth
    (what the OS sees; freed memory reused by Python can hide growth) and the
    Python heap growth traced by tracemalloc (exact)."""
    settings = load_settings({"FLEET_DATA_DIR": mkdtemp(), "FLEET_SECRET_KEY": SECRET})
    container = compose(settings=settings, database_url=url)
    registry, get_tenant = container.bot_registry(), container.get_tenant()
    async with container.uow().platform() as uow:
        tenants, _ = await uow.tenants.list(limit=BIG, offset=0)
    tracemalloc.start()
    gc.collect()
    before, heap_before = rss_kb(), tracemalloc.get_traced_memory()[0]
    for tenant in tenants:
        registry.add(tenant.id, f"{tenant.telegram_bot_id}:AAB{'q' * 32}")
        await get_tenant(tenant.id)
    gc.collect()
    rss = (rss_kb() - before) / len(tenants)
    heap = (tracemalloc.get_traced_memory()[0] - heap_before) / 1024 / len(tenants)
    tracemalloc.stop()
    await container.engine().dispose()
    await container.telegram_session().close()
    return rss, heap


async def startup(url: str, sink: TelegramSink, last: TenantId) -> tuple[float, float, int]:
    settings = load_settings(
        {
            "FLEET_DATA_DIR": mkdtemp(),
            "FLEET_SECRET_KEY": SECRET,
            "FLEET_TELEGRAM_API_URL": sink.url,
            "FLEET_PUBLIC_URL": "http://127.0.0.1:1",
        }
    )
    container = compose(settings=settings, database_url=url)
    platform = Platform(
        container,
        settings,
        options=RuntimeOptions(webhook_base=settings.public_url, sync_webhooks=False),
    )
    started = time.perf_counter()
    await platform.start()
    registered = time.perf_counter() - started
    bot = platform.runtime.registry.get(last)
    assert bot is not None
    waiter = sink.expect(99)
    update = Update.model_validate_json(update_body(1, 99), context={"bot": bot})
    await platform.runtime.queue.put(last, (bot, update))
    await waiter
    served = time.perf_counter() - started
    count = len(platform.runtime.registry)
    await platform.stop()
    return registered, served, count


async def main() -> None:
    sink = TelegramSink()
    await sink.start()
    async with scratch_database("fleet_bench_rt") as url:
        await migrate_async(url)
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE bench_hits (bot_id bigint, user_id bigint)"))
        await engine.dispose()
        ids = await seed(url, TENANTS)
        print(f"tenants={TENANTS} updates={UPDATES} concurrency={CONCURRENCY} (webhook mode)")
        results = {}
        for variant in ("cached", "naive"):
            r = results[variant] = await drive(variant, url, sink, ids)
            print(
                f"{variant:<7}: {r['rate']:8.0f} updates/s  p50 {r['p50']:6.1f} ms  "
                f"p99 {r['p99']:6.1f} ms  {r['queries']:.2f} SQL statements/update  "
                f"server CPU {r['cpu_ms']:.2f} ms/update (= {1000 / r['cpu_ms']:.0f}/s per core)"
            )
        print(
            f"ratio  : cached/naive = {results['cached']['rate'] / results['naive']['rate']:.2f}x"
        )
        more = await seed(url, BIG - TENANTS, start_index=TENANTS)
        rss, heap = await idle_memory(url)
        print(
            f"memory : {rss:.1f} KB RSS, {heap:.1f} KB Python heap per registered idle tenant "
            f"({BIG} tenants)"
        )
        registered, served, count = await startup(url, sink, more[-1])
        print(
            f"start  : {count} tenants registered in {registered:.2f} s, "
            f"first reply at {served:.2f} s"
        )
    await sink.stop()
