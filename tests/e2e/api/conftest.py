from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from dependency_injector import providers
from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.settings import load_settings
from src.interfaces.api.app import create_app
from src.interfaces.composition import compose
from tests.e2e.api.helpers import Api
from tests.support.doubles import memory_telegram


@pytest.fixture(scope="session")
async def api_container(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, db_engine: AsyncEngine
) -> AsyncIterator[Container]:
    """One container for every API test (building a Litestar app costs ~50 ms, so the
    app is shared too); each test starts from empty tables and an empty cache."""
    data_dir: Path = tmp_path_factory.mktemp("api") / "data"
    settings = load_settings(
        {
            "FLEET_DATA_DIR": str(data_dir),
            "FLEET_SECRET_KEY": "test-secret-key-" + "k" * 32,
            "FLEET_MASTER_API_KEY": "test-master-key-" + "m" * 32,
        }
    )
    container = compose(settings=settings, database_url=database_url)
    container.engine.override(providers.Object(db_engine))
    container.clock.override(providers.Object(FrozenClock()))
    container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
    yield container
    await container.telegram_session().close()


@pytest.fixture(scope="session")
def api_app(api_container: Container) -> Litestar:
    return create_app(api_container, manage_container=False)


@pytest.fixture
async def api(
    api_container: Container, api_app: Litestar, db_engine: AsyncEngine
) -> AsyncIterator[Api]:
    """The real app (Litestar over real PostgreSQL) in process; Telegram is the twin.

    The ASGI app runs on the test's own event loop (httpx's ASGI transport):
    Litestar's AsyncTestClient runs it on a portal thread with another loop, where
    the shared asyncpg engine cannot be used.
    """
    async with db_engine.begin() as conn:  # every tenant-owned row cascades (20x faster
        await conn.execute(text("DELETE FROM bots"))  # than TRUNCATE of every table)
    api_container.cache().clear()
    memory_telegram(api_container).unreachable = False
    transport = httpx.ASGITransport(app=api_app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://fleet.test") as client:
        yield Api(client, api_container)
