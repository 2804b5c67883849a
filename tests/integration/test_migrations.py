"""Alembic: every revision goes up and down cleanly, and head matches the models."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from src.infrastructure.bootstrap import alembic_config, migrate_async
from src.infrastructure.persistence.models import Base
from tests.support.db import scratch_database


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("unused"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            return {r[0] for r in rows} - {"alembic_version"}
    finally:
        await engine.dispose()


async def test_stairway_up_down_up_every_revision() -> None:
    async with scratch_database("fleet_stairway") as url:
        previous = "base"
        for revision in revisions():
            await migrate_async(url, revision)
            await _downgrade(url, previous)
            await migrate_async(url, revision)
            previous = revision
        await _downgrade(url, "base")
        assert await tables(url) == set()


async def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    engine = create_async_engine(url)

    def run(connection: Any) -> None:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    try:
        async with engine.begin() as conn:
            await conn.run_sync(run)
    finally:
        await engine.dispose()


async def test_models_match_migrations(database_url: str) -> None:
    engine = create_async_engine(database_url)

    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(diff)
    finally:
        await engine.dispose()
    assert differences == []
    assert await tables(database_url) == set(Base.metadata.tables)
