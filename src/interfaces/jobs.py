"""Background jobs inside `fleet serve`: each runs on its own period, errors logged, never fatal.

Correctness never depends on a job running once: every job is idempotent (unique
ledger keys, leased outbox rows, reminder marks), so two processes may both run
them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    every: float  # seconds between the end of one run and the start of the next
    run: Callable[[], Awaitable[object]]


class JobRunner:
    def __init__(self, jobs: list[Job]) -> None:
        self._jobs = jobs
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

    @staticmethod
    async def _loop(job: Job) -> None:
        while True:
            try:
                result = await job.run()
                if result:
                    log.info("job ran", extra={"job": job.name, "result": str(result)})
            except Exception:
                log.exception("job failed", extra={"job": job.name})
            await asyncio.sleep(job.every)
