"""`fleet jobs run NAME`: one run of a periodic job now, whatever the period (docs/deployment.md).

The run is the same callable `fleet serve` runs on its period; it does not take the
period's lease, so a worker's own run may follow it. Every job is idempotent.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from src.infrastructure.bootstrap import resolve_database_url
from src.infrastructure.container import (
    Container,
    check_panel,
    start_container,
    stop_container,
)
from src.infrastructure.settings import Settings
from src.interfaces.composition import compose
from src.interfaces.jobs import Job, run_job
from src.interfaces.platform import Platform

ALIASES = {"card-expiry": "card-payment-expiry"}


async def run_job_now(settings: Settings, name: str) -> int:
    container = compose(settings=settings, database_url=resolve_database_url(settings))
    await start_container(container)
    try:
        jobs = Platform(container, settings, jobs=False).job_list
        return await job_command(container, jobs, name, print)
    finally:
        await stop_container(container)


async def job_command(
    container: Container,
    job_list: Callable[[], list[Job]],
    name: str,
    out: Callable[[str], object],
) -> int:
    """One run of job `name` on a started container (this process's, or a running
    `fleet serve`'s when forwarded to it: src/interfaces/control.py)."""
    await check_panel(container)
    jobs = {job.name: job for job in job_list()}
    job = jobs.get(ALIASES.get(name, name))
    if job is None:
        out(json.dumps({"job": name, "ran": False, "why": "off: FLEET_REMNAWAVE_URL unset"}))
        return 1
    ok, result = await run_job(job)
    out(json.dumps({"job": name, "ran": ok, "result": _plain(result)}))
    return 0 if ok else 1


def _plain(result: object) -> object:
    if result is None or isinstance(result, int | str | float | bool):
        return result
    return str(result)
