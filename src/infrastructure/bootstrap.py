"""Start-up steps shared by the CLI, the tests and alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from src.infrastructure.persistence.embedded import embedded_url
from src.infrastructure.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def resolve_database_url(settings: Settings) -> str:
    """FLEET_DATABASE_URL, or an embedded PostgreSQL under FLEET_DATA_DIR."""
    return settings.database_url or embedded_url(settings.data_dir)


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


async def migrate_async(url: str, revision: str = "head") -> None:
    """`migrate` for callers already inside an event loop (tests, `fleet serve`)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade_on, url, revision)
    finally:
        await engine.dispose()


def _upgrade_on(connection: object, url: str, revision: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
