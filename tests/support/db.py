"""Test databases: a fresh database per test session on the server under test.

The server is FLEET_TEST_DATABASE_URL or FLEET_DATABASE_URL (CI points it at the
machine's PostgreSQL); with neither set, the embedded PostgreSQL under
FLEET_DATA_DIR, as in the quick start. Every session creates its own database
(so concurrent runs and the user's data never collide) and drops it at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from src.infrastructure.persistence.embedded import embedded_url
from src.infrastructure.persistence.models import Base


def server_url() -> str:
    url = os.environ.get("FLEET_TEST_DATABASE_URL") or os.environ.get("FLEET_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+asyncpg://" + url.removeprefix("postgresql://")
        return url
    return embedded_url(Path(os.environ.get("FLEET_DATA_DIR") or ".data"), database="postgres")


def with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


@asynccontextmanager
async def scratch_database(prefix: str = "fleet_test") -> AsyncIterator[str]:
    """Create an empty database, yield its URL, drop it afterwards."""
    base = server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield with_database(base, name)
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def truncate_all(engine: AsyncEngine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
