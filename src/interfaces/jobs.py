"""Background jobs inside `fleet serve`: each runs on its own period, errors logged, never fatal.

With several workers each job runs on one worker per period: before a run the worker
takes the job's lease for one period (`PgLeases.start_period`, which also counts the
run); the others skip it. Correctness still never depends on a job running once:
every job is idempotent (unique ledger keys, leased outbox rows, reminder marks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from src.infrastructure.metrics import JOB_RUNS

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    every: float  # seconds between the end of one run and the start of the next
    run: Callable[[], Awaitable[object]]


Lease = Callable[[str, float], Awaitable[bool]]  # (job name, period) -> this worker runs it


async def always(_name: str, _period: float) -> bool:
    return True


class JobRunner:
    def __init__(self, jobs: list[Job], lease: Lease = always) -> None:
        self._jobs, self._lease = jobs, lease
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._loop(job), name=f"job-{job.name}") for job in self._jobs
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _loop(self, job: Job) -> None:
        while True:
            try:
                if await self._lease(job.name, job.every):
                    await run_job(job)
            except Exception:
                log.exception("job lease not taken", extra={"job": job.name})
            await asyncio.sleep(job.every)


async def run_job(job: Job) -> tuple[bool, object]:
    """One run, logged and counted (`fleet_job_runs_total`): (succeeded, what it returned);
    a failure is logged, not raised."""
    try:
        result = await job.run()
    except Exception:
        JOB_RUNS.labels(job.name, "failed").inc()
        log.exception("job failed", extra={"job": job.name})
        return False, None
    JOB_RUNS.labels(job.name, "ok").inc()
    if result:
        log.info("job ran", extra={"job": job.name, "result": str(result)})
    return True, result
