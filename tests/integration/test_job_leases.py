"""Periodic jobs over several workers: one run per period, recorded in the lease row.

Cases considered: two workers ticking at the same moment (one upsert wins, the other
skips), a run that fails (counted as failed, the next period still runs), the lease
row's run counter agreeing with the runs that happened. Not applicable: money (the
jobs keep their own idempotency; this only spares the duplicate work).
"""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.infrastructure.metrics import JOB_RUNS
from src.infrastructure.persistence.leases import PgLeases
from src.interfaces.jobs import Job, JobRunner, run_job

pytestmark = pytest.mark.integration
PERIOD = 0.4


async def test_two_workers_run_a_periodic_job_once_per_period(clean_db: AsyncEngine) -> None:
    runs: list[tuple[str, float]] = []
    enough = asyncio.Event()

    def job_of(worker: str) -> Job:
        async def run() -> int:
            runs.append((worker, time.monotonic()))
            if len(runs) >= 5:
                enough.set()
            return 1

        return Job("probe", PERIOD, run)

    runners = [
        JobRunner([job_of(name)], PgLeases(clean_db, name).start_period) for name in ("a", "b")
    ]
    for runner in runners:
        runner.start()
    try:
        await asyncio.wait_for(enough.wait(), 20)
    finally:
        for runner in runners:
            await runner.stop()
    gaps = [later - earlier for (_, earlier), (_, later) in itertools.pairwise(runs)]
    assert min(gaps) >= PERIOD * 0.9, gaps  # never twice in one period
    async with clean_db.connect() as conn:
        recorded = (
            await conn.execute(text("SELECT runs FROM leases WHERE key = 'job:probe'"))
        ).scalar_one()
    assert recorded == len(runs)


async def test_a_failing_run_is_counted_and_does_not_raise() -> None:
    async def boom() -> None:
        raise RuntimeError("panel exploded")

    before = JOB_RUNS.labels("boom", "failed")._value.get()
    assert await run_job(Job("boom", 1.0, boom)) == (False, None)
    assert JOB_RUNS.labels("boom", "failed")._value.get() == before + 1
