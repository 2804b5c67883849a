"""Import of a Bedolaga v4.x database: 100,000 users with subscriptions into one tenant.

The source is generated in PostgreSQL (tests/support/bedolaga.py: every edge case of
the acceptance test, at scale); the real read-only source adapter streams it in
batches of 2000 into the real target adapter. Printed per size (10,000 and 100,000
users): wall time of the import (report included), the same again (a second run:
nothing written), and the peak of Python allocations (tracemalloc) during a third,
untimed import of the same source into a second tenant (tracing slows Python): a
streamed import is flat in the number of users. Target (issue 18): <= 60 s
for 100,000 users, memory flat.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from datetime import UTC, datetime
from tempfile import mkdtemp

from dependency_injector import providers

from bench.common import bench_tenant, scratch_database
from src.application.importing.import_bedolaga import ImportBedolagaInput, ImportReport
from src.core.ids import TenantId
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.importing.bedolaga_source import SqlBedolagaSource
from src.infrastructure.settings import load_settings
from src.interfaces.composition import compose
from tests.support.bedolaga import RecordingProgress, bedolaga_database

SIZES = (10_000, 100_000)
SECRET = "bench-secret-" + "b" * 32
NOW = datetime(2026, 1, 1, tzinfo=UTC)


async def imported(container: Container, source_url: str, tenant: TenantId) -> ImportReport:
    source = SqlBedolagaSource(source_url)
    try:
        return await container.import_bedolaga()(
            ImportBedolagaInput(tenant), source, RecordingProgress()
        )
    finally:
        await source.close()


async def run_size(users: int) -> None:
    async with scratch_database("bench_import") as url, bedolaga_database(users, NOW) as src:
        await migrate_async(url)
        settings = load_settings({"FLEET_DATA_DIR": mkdtemp(), "FLEET_SECRET_KEY": SECRET})
        container = compose(settings=settings, database_url=url)
        container.clock.override(providers.Object(FrozenClock(NOW)))
        async with container.uow().platform() as uow:
            tenant = await uow.tenants.add(bench_tenant(1, 8_100_000_001, NOW))
            traced = await uow.tenants.add(bench_tenant(2, 8_100_000_002, NOW))
            await uow.commit()
        started = time.perf_counter()
        report = await imported(container, src, tenant.id)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = await imported(container, src, tenant.id)
        second = time.perf_counter() - started
        tracemalloc.start()
        await imported(container, src, traced.id)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        await container.engine().dispose()
    users_line = report.entities["users"]
    print(
        f"  {users:>7} users: import {first:6.2f} s ({users_line.imported} users, "
        f"{report.entities['subscriptions'].imported} subscriptions, mismatches "
        f"{len(report.mismatches)}); second run {second:6.2f} s "
        f"({again.entities['users'].imported} new); peak Python memory {peak / 2**20:6.1f} MiB"
        f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


async def main() -> None:
    for users in SIZES:
        await run_size(users)
