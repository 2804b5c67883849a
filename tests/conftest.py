from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dependency_injector import providers
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.messaging import InMemoryUserMessenger
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.persistence.engine import make_engine
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from src.infrastructure.settings import Settings, load_settings
from src.interfaces.composition import compose
from tests.support.containers import in_memory_container
from tests.support.db import scratch_database, truncate_all


def _redis_url_of_this_worker(url: str) -> str:
    """One Redis database per pytest-xdist worker (gw0: the configured one, gw1: the one
    below it, ...), so workers never see each other's dedup marks or flushes."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, db = url.rpartition("/")
    return f"{base}/{(int(db or 0) - int(worker[2:])) % 16}"


REDIS_URL = _redis_url_of_this_worker(
    os.environ.get("FLEET_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
)
TESTS = Path(__file__).parent
TIERS = ("unit", "contract", "integration", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tier marker follows the folder (README, "Tests"). One exception: a use-case
    test of tests/unit parametrized by `any_container` runs twice, in memory (unit) and
    once more on PostgreSQL, and that second run is an integration test."""
    for item in items:
        parts = item.path.relative_to(TESTS).parts
        tier = parts[0] if parts and parts[0] in TIERS else None
        if tier is None:
            continue
        callspec = getattr(item, "callspec", None)
        if tier == "unit" and callspec and callspec.params.get("any_container") == "sql":
            tier = "integration"
        item.add_marker(tier)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        {
            "FLEET_DATA_DIR": str(tmp_path / "data"),
            "FLEET_SECRET_KEY": "test-secret-key-" + "k" * 32,
            "FLEET_MASTER_API_KEY": "test-master-key-" + "m" * 32,
        }
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def memory_container(settings: Settings, clock: FrozenClock) -> Container:
    """Use cases over in-memory adapters."""
    container = in_memory_container(settings)
    container.clock.override(providers.Object(clock))
    container.panel.override(providers.Object(InMemoryVpnPanel(now=clock.now)))
    return container


# --- Redis -----------------------------------------------------------------------


async def _redis_up() -> bool:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        return bool(await client.ping())
    except Exception:
        return False
    finally:
        await client.aclose()


@pytest.fixture
async def redis_url() -> str:
    if not await _redis_up():
        if os.environ.get("FLEET_TEST_REQUIRE_REDIS"):
            pytest.fail(f"Redis is required (FLEET_TEST_REQUIRE_REDIS) but {REDIS_URL} is down")
        pytest.skip(f"no Redis at {REDIS_URL} (CI sets FLEET_TEST_REQUIRE_REDIS)")
    return REDIS_URL


# --- real PostgreSQL ---------------------------------------------------------------


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    async with scratch_database() as url:
        await migrate_async(url)
        yield url


@pytest.fixture(scope="session")
async def db_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=5, max_overflow=20)
    yield engine
    await engine.dispose()


@pytest.fixture
async def clean_db(db_engine: AsyncEngine) -> AsyncEngine:
    await truncate_all(db_engine)
    return db_engine


@pytest.fixture
async def sql_container(
    settings: Settings, clock: FrozenClock, database_url: str, clean_db: AsyncEngine
) -> AsyncIterator[Container]:
    """Use cases over the real SQLAlchemy adapters on an empty database."""
    container = compose(settings=settings, database_url=database_url)
    container.engine.override(providers.Object(clean_db))
    container.clock.override(providers.Object(clock))
    container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
    container.panel.override(providers.Object(InMemoryVpnPanel(now=clock.now)))
    container.messenger.override(providers.Singleton(InMemoryUserMessenger))
    yield container
    await container.telegram_session().close()


@pytest.fixture(params=["memory", "sql"])
def any_container(request: pytest.FixtureRequest) -> Container:
    """The same test on both adapter sets (contract tests). Sync on purpose: it
    resolves the async fixture it picks outside the running loop."""
    name = "memory_container" if request.param == "memory" else "sql_container"
    container: Container = request.getfixturevalue(name)
    return container
