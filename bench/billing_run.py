"""Consumption billing: one BillTraffic run over 100 tenants and 100,000 panel users.

The Remnawave simulator is seeded through its state (fast), then the real
HttpRemnawavePanel streams it over loopback HTTP (pages of 1000) while the real
SQLAlchemy adapters write meters and wallet rows in PostgreSQL, one transaction
per page. Three runs per size: the first reading (every meter inserted), a run
after new traffic on every user (every meter updated, one charge per page), and a
run without new traffic (nothing written). Memory: allocations traced
(tracemalloc) during a run with new traffic, at 10,000 and at 100,000 users: a
streamed run is flat in the number of users. Target (issue 7): <= 60 s for
100,000 users, memory flat.
"""

from __future__ import annotations

import gc
import random
import resource
import time
import tracemalloc
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from tempfile import mkdtemp

from dependency_injector import providers
from sqlalchemy import text

from bench.common import bench_tenant, scratch_database
from src.application.billing.bill_traffic import BillingReport
from src.core.billing.settings import GIB, BillingModel
from src.core.billing.wallet import WalletSettings
from src.core.ids import TenantId
from src.core.shop.user import panel_tag, panel_username
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.container import Container
from src.infrastructure.memory.messaging import InMemoryUserMessenger
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.infrastructure.settings import load_settings
from src.interfaces.composition import compose
from src.sandbox.remnawave import wire
from src.sandbox.remnawave.simulator import RemnawaveSimulator

# (tenants, panel users per tenant, all three timed runs): the target run, then the same
# pages at a tenth of the users, then as many users with 10 pages per tenant
SCENARIOS = ((100, 1_000, True), (10, 1_000, False), (10, 10_000, False))
RATE = 7_919  # minor units per GiB
SECRET = "bench-secret-" + "b" * 32


async def seed_tenants(container: Container, count: int) -> list[TenantId]:
    now = datetime.now(UTC)
    ids: list[TenantId] = []
    async with container.uow().platform() as uow:
        for i in range(count):
            tenant = await uow.tenants.add(bench_tenant(i, 9_000_000_000 + i, now))
            wallets = uow.wallets.of(tenant.id)
            wallet = await wallets.lock(now)
            settings = WalletSettings(
                model=BillingModel.CONSUMPTION,
                rate_per_gb=RATE,
                low_balance_threshold=-(10**12),  # no notices: these tenants have no admins
                suspend_threshold=-(10**12),
            )
            await wallets.save(replace(wallet, settings=settings), now)
            ids.append(tenant.id)
        await uow.commit()
    return ids


def seed_panel(sim: RemnawaveSimulator, tenants: list[TenantId], per_tenant: int) -> list[int]:
    squad = next(iter(sim.state.squads))
    expire = datetime.now(UTC) + timedelta(days=30)
    user_ids: list[int] = []
    for tenant_id in tenants:
        for j in range(per_tenant):
            new = wire.CreateUserBody(
                username=panel_username(tenant_id, 10_000_000 + j),
                expire_at=expire,
                telegram_id=10_000_000 + j,
                tag=panel_tag(tenant_id),
                active_internal_squads=[squad],
            )
            user_ids.append(sim.state.create(new).id)
    return user_ids


def add_traffic(sim: RemnawaveSimulator, user_ids: list[int], rng: random.Random) -> int:
    total = 0
    for user_id in user_ids:
        amount = rng.randrange(1, 2 * GIB)
        sim.state.add_traffic(user_id, amount)
        total += amount
    return total


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def timed(container: Container) -> tuple[float, BillingReport]:
    gc.collect()
    started = time.perf_counter()
    report = await container.bill_traffic()()
    return time.perf_counter() - started, report


async def scenario(url: str, tenant_count: int, per_tenant: int, full: bool) -> None:
    settings = load_settings({"FLEET_DATA_DIR": mkdtemp(), "FLEET_SECRET_KEY": SECRET})
    container = compose(settings=settings, database_url=url)
    container.messenger.override(providers.Singleton(InMemoryUserMessenger))
    sim = RemnawaveSimulator(token="bench")
    panel = HttpRemnawavePanel(await sim.start(), "bench", timeout_s=30)
    container.panel.override(providers.Object(panel))
    async with container.engine().begin() as conn:
        await conn.execute(text("DELETE FROM bots"))
    tenants = await seed_tenants(container, tenant_count)
    started = time.perf_counter()
    user_ids = seed_panel(sim, tenants, per_tenant)
    rng = random.Random(per_tenant)
    total = add_traffic(sim, user_ids, rng)
    users = len(user_ids)
    print(
        f"-- {tenant_count} tenants x {per_tenant:,} = {users:,} panel users "
        f"(seeded in {time.perf_counter() - started:.1f} s)"
    )

    rows: list[tuple[str, float, BillingReport, float]] = []
    before = max_rss_mib()
    seconds, report = await timed(container)
    rows.append(("first reading (meters inserted)", seconds, report, max_rss_mib() - before))
    total += add_traffic(sim, user_ids, rng)
    before = max_rss_mib()
    seconds, report = await timed(container)
    rows.append(("new traffic (meters updated)", seconds, report, max_rss_mib() - before))
    if full:
        before = max_rss_mib()
        seconds, report = await timed(container)
        rows.append(("no new traffic (nothing written)", seconds, report, max_rss_mib() - before))
    for name, seconds, report, rss in rows:
        print(
            f"{name:34s} {seconds:6.2f} s  {report.users / seconds:9,.0f} users/s  "
            f"charged {report.charged:>14,}  peak RSS +{rss:.1f} MiB  failed {report.failed}"
        )

    total += add_traffic(sim, user_ids, rng)
    gc.collect()
    tracemalloc.start()
    report = await container.bill_traffic()()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"traced allocations during a run    peak {peak / 2**20:6.1f} MiB, "
        f"still held after it {current / 2**20:.1f} MiB  ({report.users:,} users)"
    )
    async with container.engine().connect() as conn:
        charged = await conn.scalar(
            text("SELECT -sum(amount) FROM wallet_ledger WHERE kind = 'traffic_charge'")
        )
        carry = await conn.scalar(text("SELECT sum(traffic_carry) FROM tenant_wallets"))
    print(
        f"exactness: sum of charges {charged:,} + carried {carry / GIB:.3f} "
        f"== total bytes x rate / GiB {total * RATE / GIB:,.3f}"
    )
    await panel.close()
    await sim.stop()
    await container.engine().dispose()


async def main() -> None:
    async with scratch_database("fleet_bench_billing") as url:
        await migrate_async(url)
        for tenant_count, per_tenant, full in SCENARIOS:
            await scenario(url, tenant_count, per_tenant, full)
    print(f"process peak RSS {max_rss_mib():.0f} MiB (includes the simulator's seeded users)")
