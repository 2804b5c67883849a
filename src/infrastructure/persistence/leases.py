"""Leases in PostgreSQL: work shared by several `fleet serve` workers (docs/deployment.md).

Every time is the database's `now()`, so the workers' clocks never disagree. A worker
holds `worker:<id>` while it lives (the count of live workers sizes each one's share
of bots), `bot:<tenant id>` while it polls that bot, and `job:<name>` for one period
of a periodic job.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

WORKER = "worker:"
JOB = "job:"

_CLAIM = text(
    """
    INSERT INTO leases (key, holder, expires_at)
    VALUES (:key, :holder, now() + make_interval(secs => :ttl))
    ON CONFLICT (key) DO UPDATE
       SET holder = excluded.holder, expires_at = excluded.expires_at, updated_at = now()
     WHERE leases.expires_at < now() OR leases.holder = excluded.holder
    RETURNING key
    """
)
_RENEW = text(
    """
    UPDATE leases SET expires_at = now() + make_interval(secs => :ttl), updated_at = now()
     WHERE holder = :holder AND key LIKE :prefix
    RETURNING key
    """
)
_LIVE = text("SELECT count(*) FROM leases WHERE key LIKE 'worker:%' AND expires_at > now()")
_RELEASE = text("DELETE FROM leases WHERE holder = :holder AND key = ANY(:keys)")
_PERIOD = text(
    """
    INSERT INTO leases (key, holder, expires_at, runs, last_run_at)
    VALUES (:key, :holder, now() + make_interval(secs => :ttl), 1, now())
    ON CONFLICT (key) DO UPDATE
       SET holder = excluded.holder, expires_at = excluded.expires_at,
           runs = leases.runs + 1, last_run_at = now(), updated_at = now()
     WHERE leases.expires_at <= now()
    RETURNING key
    """
)


class PgLeases:
    """One worker's view of the lease table; `holder` tells this worker apart."""

    def __init__(self, engine: AsyncEngine, holder: str | None = None) -> None:
        self._engine = engine
        self.holder = holder or uuid.uuid4().hex

    async def heartbeat(self, ttl: float) -> int:
        """Renew this worker's own lease; the number of live workers, this one included."""
        async with self._engine.begin() as conn:
            await conn.execute(
                _CLAIM, {"key": WORKER + self.holder, "holder": self.holder, "ttl": ttl}
            )
            return int((await conn.execute(_LIVE)).scalar_one())

    async def renew(self, prefix: str, ttl: float) -> set[str]:
        """Extend every lease this worker holds under `prefix`; the keys it still holds
        (a key another worker took after it expired is not among them)."""
        async with self._engine.begin() as conn:
            rows = await conn.execute(
                _RENEW, {"holder": self.holder, "prefix": prefix + "%", "ttl": ttl}
            )
            return {str(r[0]) for r in rows}

    async def claim(self, key: str, ttl: float) -> bool:
        """Take `key` if it is free, expired or already ours."""
        async with self._engine.begin() as conn:
            row = await conn.execute(_CLAIM, {"key": key, "holder": self.holder, "ttl": ttl})
            return row.first() is not None

    async def release(self, keys: list[str]) -> None:
        if keys:
            async with self._engine.begin() as conn:
                await conn.execute(_RELEASE, {"holder": self.holder, "keys": keys})

    async def retire(self) -> None:
        """This worker stops: it no longer counts among the live workers."""
        await self.release([WORKER + self.holder])

    async def start_period(self, name: str, period: float) -> bool:
        """True for the one worker that runs job `name` in this period (the lease lasts
        one period and counts the run); False while another worker's period lasts."""
        async with self._engine.begin() as conn:
            row = await conn.execute(
                _PERIOD, {"key": JOB + name, "holder": self.holder, "ttl": period}
            )
            return row.first() is not None
