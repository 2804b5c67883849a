"""Updates/s and server CPU per update: bare aiogram vs one and two Fleet workers.

Side by side, in one run, the same /start answered with one sendMessage by:
(a) a bare aiogram webhook echo bot (bench/bare_server.py: the framework floor);
(b) one Fleet worker (bench/runtime_server.py, variant `echo`: webhook route, tenant
    context, dedup, fair queue, metrics) serving 100 tenants;
(c) two Fleet workers on two ports, one database and one Redis (when configured:
    FLEET_TEST_REDIS_URL or FLEET_REDIS_URL), each update sent to either at random.
Driven by 50 concurrent senders; a reply counts when it reaches the Bot API stand-in
(bench/tgsink.py). CPU is the servers' process time over the measured phase (the
driver and the stand-in run on the same machine and are not counted).
Targets (issue 16): >= 1,000 updates/s with two workers, Fleet <= 1.5x the bare floor
in CPU per update. Printed, never asserted. BENCH_PROFILE=DIR writes a cProfile of
each Fleet worker's measured phase there.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from tempfile import mkdtemp

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import percentile, scratch_database
from bench.runtime_webhooks import ROOT, SECRET, seed, update_body
from bench.tgsink import TelegramSink
from src.core.ids import TenantId
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.security import WebhookSecrets

TENANTS, UPDATES, WARMUP, CONCURRENCY = 100, 6_000, 600, 50
BARE_TOKEN = "5999999999:AAB" + "q" * 32
BARE_SECRET = "bare-secret"


@dataclass(frozen=True)
class Target:
    """Where one update goes: URL and secret header."""

    base: str
    path: str
    secret: str


@dataclass
class Result:
    rate: float
    cpu_ms: float
    p50: float
    p99: float


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_fleet(
    port: int, url: str, sink: TelegramSink, redis_url: str | None
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "bench.runtime_server", "--variant", "echo",
        "--port", str(port), "--sink", sink.url, "--database-url", url,
        "--secret", SECRET, "--data-dir", mkdtemp(),
    ]  # fmt: skip
    if redis_url:
        command += ["--redis-url", redis_url]
    return subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own module


def start_bare(port: int, sink: TelegramSink) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "bench.bare_server", "--port", str(port),
        "--sink", sink.url, "--token", BARE_TOKEN, "--secret", BARE_SECRET,
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own module


async def measure(
    http: aiohttp.ClientSession,
    sink: TelegramSink,
    bases: list[str],
    pick: Callable[[random.Random], Target],
    counter: itertools.count[int],
) -> Result:
    for base in bases:  # wait until every server answers
        for _ in range(600):
            try:
                async with http.get(f"{base}/bench/stats") as r:
                    if r.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)

    async def one(target: Target) -> float:
        n = next(counter)
        chat_id = n
        waiter = sink.expect(chat_id)
        started = time.perf_counter()
        async with http.post(
            f"{target.base}{target.path}",
            data=update_body(n, chat_id),
            headers={
                "X-Telegram-Bot-Api-Secret-Token": target.secret,
                "Content-Type": "application/json",
            },
        ) as resp:
            assert resp.status == 200, resp.status
        return await asyncio.wait_for(waiter, 30) - started

    async def run(count: int, rng: random.Random) -> list[float]:
        left = [count]
        latencies: list[float] = []

        async def sender() -> None:
            while left[0] > 0:
                left[0] -= 1
                latencies.append(await one(pick(rng)))

        await asyncio.gather(*(sender() for _ in range(CONCURRENCY)))
        return latencies

    await run(WARMUP, random.Random(1))  # caches, connections, JIT-free warm paths
    cpu_before = 0.0
    for base in bases:
        async with http.get(f"{base}/bench/reset") as r:
            cpu_before += (await r.json())["cpu"]
    started = time.perf_counter()
    latencies = await run(UPDATES, random.Random(2))
    elapsed = time.perf_counter() - started
    cpu_after, handled = 0.0, 0
    for base in bases:
        async with http.get(f"{base}/bench/stats") as r:
            stats = await r.json()
        assert "cpu" in stats, stats
        cpu_after += stats["cpu"]
        handled += stats["updates"]
    return Result(
        rate=UPDATES / elapsed,
        cpu_ms=(cpu_after - cpu_before) * 1000 / max(1, handled),
        p50=percentile(latencies, 50) * 1000,
        p99=percentile(latencies, 99) * 1000,
    )


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=30)


async def main() -> None:
    redis_url = os.environ.get("FLEET_TEST_REDIS_URL") or os.environ.get("FLEET_REDIS_URL")
    sink = TelegramSink()
    await sink.start()
    # update ids unique across runs: a shared Redis remembers (tenant, update_id) for dedup
    counter = itertools.count(time.time_ns() // 1000 % 10**12)
    results: dict[str, Result] = {}
    async with scratch_database("fleet_bench_workers") as url:
        await migrate_async(url)
        engine = create_async_engine(url)
        async with engine.begin() as conn:  # runtime_server's cached variant writes here
            await conn.execute(text("CREATE TABLE bench_hits (bot_id bigint, user_id bigint)"))
        await engine.dispose()
        ids = await seed(url, TENANTS)
        secrets = WebhookSecrets(SECRET)
        fleet_targets = {
            tenant_id: (f"/telegram/{tenant_id}", secrets.for_tenant(tenant_id))
            for tenant_id in ids
        }
        print(
            f"tenants={TENANTS} updates={UPDATES} (after {WARMUP} warm-up) "
            f"concurrency={CONCURRENCY}, webhook mode, redis={'yes' if redis_url else 'no'}, "
            f"cores={os.cpu_count()}"
        )
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as http:
            port = free_port()
            procs = [start_bare(port, sink)]
            bare = Target(f"http://127.0.0.1:{port}", "/telegram/bare", BARE_SECRET)
            try:
                results["bare aiogram"] = await measure(
                    http, sink, [bare.base], lambda _: bare, counter
                )
            finally:
                stop(procs)
            for workers in (1, 2):
                ports = [free_port() for _ in range(workers)]
                procs = [start_fleet(p, url, sink, redis_url) for p in ports]
                bases = [f"http://127.0.0.1:{p}" for p in ports]

                def pick(rng: random.Random, bases: list[str] = bases) -> Target:
                    tenant_id: TenantId = rng.choice(ids)
                    path, secret = fleet_targets[tenant_id]
                    return Target(rng.choice(bases), path, secret)

                try:
                    label = f"fleet x{workers}"
                    results[label] = await measure(http, sink, bases, pick, counter)
                finally:
                    stop(procs)
    await sink.stop()
    floor = results["bare aiogram"].cpu_ms
    for label, r in results.items():
        print(
            f"{label:<13}: {r.rate:7.0f} updates/s  p50 {r.p50:6.1f} ms  p99 {r.p99:6.1f} ms  "
            f"server CPU {r.cpu_ms:.3f} ms/update  ({r.cpu_ms / floor:.2f}x bare)"
        )
