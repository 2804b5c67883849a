"""Fixtures of the scale-out tests: the Bot API simulator, and a container that writes
the tenants into the test database before any worker process starts."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.tenancy.create_tenant import CreateTenantInput
from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.infrastructure.settings import load_settings
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.workers.fleet_workers import MASTER_KEY, SECRET_KEY

_ids = itertools.count(8_300_000_001)


def sim_token(sim: BotApiSimulator, name: str) -> str:
    bot_id = next(_ids)
    token = f"{bot_id}:AAW{'w' * 30}{bot_id % 997}"
    sim.add_bot(token, bot_id=bot_id, username=name, first_name=name)
    return token


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(webhook_retry_delays=(0.05, 0.1))
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def setup(
    sim: BotApiSimulator, database_url: str, clean_db: AsyncEngine, tmp_path: Path
) -> AsyncIterator[Container]:
    settings = load_settings(
        {
            "FLEET_DATA_DIR": str(tmp_path / "setup"),
            "FLEET_SECRET_KEY": SECRET_KEY,
            "FLEET_MASTER_API_KEY": MASTER_KEY,
            "FLEET_TELEGRAM_API_URL": sim.base_url,
        }
    )
    container = Container(settings=settings, database_url=database_url)
    container.engine.override(providers.Object(clean_db))
    yield container
    await container.telegram_session().close()


async def add_shops(
    container: Container, sim: BotApiSimulator, count: int
) -> tuple[str, dict[TenantId, str]]:
    """The master bot and `count` shops (tenant id -> token), as the workers will find them."""
    master = sim_token(sim, "master_bot")
    await container.ensure_master()(EnsureMasterInput(master, (900_001,)))
    shops = {}
    for i in range(count):
        token = sim_token(sim, f"shop{i}_bot")
        created = await container.create_tenant()(
            CreateTenantInput(name=f"Shop {i}", telegram_token=token)
        )
        shops[created.tenant.id] = token
    return master, shops
