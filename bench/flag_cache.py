"""Cached "is feature X enabled for tenant T" vs the same read from PostgreSQL.

1,000 tenants, 100,000 checks spread over them. The cached path is the one the bot
runtime uses (GetFeatures.is_enabled through the TTL cache); the database path
is GetFeatures' loader (a tenant-scoped unit of work reading the flag rows).
Target (issue 2): cached <= 5 us per check and >= 50x faster than the database.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from tempfile import mkdtemp

from dependency_injector import providers

from bench.common import bench_tenant, scratch_database
from src.application.tenancy.features import GetFeatures
from src.core.ids import TenantId
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.container import Container
from src.infrastructure.settings import load_settings
from src.interfaces.composition import compose

TENANTS, CHECKS, DB_CHECKS = 1_000, 100_000, 5_000


async def main() -> None:
    settings = load_settings(
        {"FLEET_DATA_DIR": str(Path(mkdtemp())), "FLEET_SECRET_KEY": "bench-secret-" + "b" * 32}
    )
    async with scratch_database("fleet_bench") as url:
        await migrate_async(url)
        container = compose(settings=settings, database_url=url)
        container.clock.override(providers.Object(container.clock()))
        ids = await _seed(container)
        features: GetFeatures = container.get_features()
        rng = random.Random(7)
        picks = [rng.choice(ids) for _ in range(CHECKS)]

        for tenant_id in ids:  # warm the cache once per tenant
            await features.is_enabled(tenant_id, "card_to_card")
        start = time.perf_counter()
        enabled = 0
        for tenant_id in picks:
            enabled += await features.is_enabled(tenant_id, "card_to_card")
        cached = (time.perf_counter() - start) / CHECKS

        start = time.perf_counter()
        for tenant_id in picks[:DB_CHECKS]:
            flags = await features._load(tenant_id)
            enabled += flags["card_to_card"].enabled
        database = (time.perf_counter() - start) / DB_CHECKS
        await container.engine().dispose()

    print(f"tenants={TENANTS} checks={CHECKS} (database path sampled on {DB_CHECKS})")
    print(f"cached   : {cached * 1e6:8.2f} us/check  ({1 / cached:,.0f} checks/s)")
    print(f"database : {database * 1e6:8.2f} us/check  ({1 / database:,.0f} checks/s)")
    print(f"speed-up : {database / cached:8.1f}x   (target: cached <= 5 us, >= 50x)")


async def _seed(container: Container) -> list[TenantId]:
    now = container.clock().now()
    ids: list[TenantId] = []
    async with container.uow().platform() as uow:
        for i in range(TENANTS):
            tenant = await uow.tenants.add(bench_tenant(i, 9_000_000 + i, now, b"x"))
            ids.append(tenant.id)
        await uow.commit()
    for n, tenant_id in enumerate(ids):
        async with container.uow().for_tenant(tenant_id) as tuow:
            await tuow.flags.put("card_to_card", n % 2 == 0, {})
            await tuow.flags.put("promo_codes", True, {})
            await tuow.commit()
    return ids
