from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


class DatabasePing:
    """Readiness: the database answers a trivial query within the timeout."""

    def __init__(self, engine: AsyncEngine, timeout: float = 2.0) -> None:
        self._engine, self._timeout = engine, timeout

    async def __call__(self) -> bool:
        try:
            async with asyncio.timeout(self._timeout), self._engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True
