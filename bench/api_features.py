"""GET /api/v1/tenants/{id}/features with tenant tokens: 50 clients, 1,000 tenants, `fleet serve`.

A scratch database gets 1,000 tenants, each with its own API token (and a few flag
rows); `fleet serve` runs as a subprocess on it; 50 keep-alive clients (aiohttp, one
process) each ask for a random tenant's flags with that tenant's token for a fixed
time, after one warm-up request per tenant. Printed: requests/s, p50/p99 latency,
errors, and the database transactions the server ran meanwhile (pg_stat_database;
a cache hit for auth and flags should need none).
The tenants are seeded `disabled` so that `fleet serve` does not start 1,000 bots
next to the API on this 2-core machine (their API tokens work in every status).
Target (issue 3): >= 2,000 req/s with p99 <= 50 ms.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from tempfile import mkdtemp

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import percentile, scratch_database
from src.application.ports.tenants import NewTenant
from src.core.ids import TenantId
from src.core.tenancy.api_token import hash_api_token, issue_api_token
from src.core.tenancy.tenant import TenantStatus
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.clock import SystemClock
from src.infrastructure.persistence.engine import make_engine, make_sessionmaker
from src.infrastructure.persistence.uow import SqlaUnitOfWorkFactory
from tests.support.db import server_url

TENANTS, CLIENTS, SECONDS = 1_000, 50, 10.0
# pg_stat_database is fed by each backend at most once a second, or after 10 s idle
STATS_SETTLE = 11.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def seed(url: str) -> list[tuple[TenantId, str]]:
    engine = make_engine(url)
    uow, now = SqlaUnitOfWorkFactory(make_sessionmaker(engine)), SystemClock().now()
    out: list[tuple[TenantId, str]] = []
    async with uow.platform() as platform:
        for i in range(TENANTS):
            token = issue_api_token()
            tenant = await platform.tenants.add(
                NewTenant(
                    name=f"Bench {i}",
                    telegram_bot_id=8_000_000 + i,
                    username=f"bench{i}_bot",
                    telegram_token_sealed=b"unused",
                    api_token_hash=hash_api_token(token),
                    is_master=False,
                    default_language="en",
                    support_username=None,
                    admin_chat=None,
                    admin_ids=(),
                    created_by="bench",
                    now=now,
                    status=TenantStatus.DISABLED,
                )
            )
            out.append((tenant.id, token))
        await platform.commit()
    for n, (tenant_id, _) in enumerate(out):
        async with uow.for_tenant(tenant_id) as tuow:
            await tuow.flags.put("card_to_card", n % 2 == 0, {"min_amount": 50_000})
            await tuow.commit()
    await engine.dispose()
    return out


def start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLEET_")}
    env.update(
        FLEET_DATABASE_URL=url,
        FLEET_HTTP_PORT=str(port),
        FLEET_DATA_DIR=mkdtemp(prefix="fleet-bench-"),
        FLEET_SECRET_KEY="bench-secret-" + "b" * 32,
        FLEET_MASTER_API_KEY="bench-master-" + "m" * 32,
    )
    fleet = shutil.which("fleet")
    command = [fleet, "serve"] if fleet else [sys.executable, "-m", "src.interfaces.cli", "serve"]
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own command line
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


async def wait_ready(http: aiohttp.ClientSession, base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            async with http.get(f"{base}/ready") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("fleet serve did not become ready (see its log)")


async def transactions(admin_url: str, database: str) -> int:
    engine = create_async_engine(admin_url)
    try:
        async with engine.connect() as conn:
            row = await conn.execute(
                text("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = :d"),
                {"d": database},
            )
            return int(row.scalar_one())
    finally:
        await engine.dispose()


async def load(
    http: aiohttp.ClientSession, base: str, tenants: list[tuple[TenantId, str]], seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    began = time.perf_counter()
    stop_at = began + seconds

    async def client(seed_: int) -> None:
        nonlocal errors
        rng = random.Random(seed_)
        while time.perf_counter() < stop_at:
            tenant_id, token = rng.choice(tenants)
            headers = {"Authorization": f"Bearer {token}"}
            start = time.perf_counter()
            try:
                async with http.get(
                    f"{base}/api/v1/tenants/{tenant_id}/features", headers=headers
                ) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            latencies.append(time.perf_counter() - start)
            errors += not ok

    await asyncio.gather(*(client(i) for i in range(CLIENTS)))
    return latencies, errors, time.perf_counter() - began


async def main() -> None:
    async with scratch_database("fleet_bench_api") as url:
        await migrate_async(url)
        tenants = await seed(url)
        database, admin = url.rsplit("/", 1)[1].split("?")[0], server_url()
        port, log = free_port(), Path(mkdtemp()) / "fleet-serve.log"
        proc = start_server(url, port, log)
        base = f"http://127.0.0.1:{port}"
        connector = aiohttp.TCPConnector(limit=CLIENTS)
        try:
            async with aiohttp.ClientSession(connector=connector) as http:
                await wait_ready(http, base, proc)
                await asyncio.sleep(STATS_SETTLE)
                start = await transactions(admin, database)
                for tenant_id, token in tenants:  # one miss each: auth and flags get cached
                    headers = {"Authorization": f"Bearer {token}"}
                    url_ = f"{base}/api/v1/tenants/{tenant_id}/features"
                    async with http.get(url_, headers=headers) as response:
                        await response.read()
                await asyncio.sleep(STATS_SETTLE)
                warm = await transactions(admin, database)
                latencies, errors, elapsed = await load(http, base, tenants, SECONDS)
                await asyncio.sleep(STATS_SETTLE)
                after = await transactions(admin, database)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    count = len(latencies)
    print(f"tenants={TENANTS} clients={CLIENTS} duration={SECONDS:.0f}s server=`fleet serve`")
    print(f"requests : {count:,}  errors: {errors}")
    print(f"rate     : {count / elapsed:,.0f} req/s   (target >= 2,000)")
    print(
        f"latency  : p50 {percentile(latencies, 50) * 1e3:.2f} ms   "
        f"p99 {percentile(latencies, 99) * 1e3:.2f} ms   (target p99 <= 50 ms)"
    )
    print(
        f"database : warm-up {warm - start} transactions for {TENANTS:,} first requests; "
        f"measured run {after - warm} = {(after - warm) / max(count, 1):.4f} per request"
    )
    print("           (pg_stat_database, includes any background work of the server)")
