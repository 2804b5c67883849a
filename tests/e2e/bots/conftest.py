from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from src.infrastructure.clock import FrozenClock
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.infrastructure.settings import Settings, load_settings
from src.interfaces.composition import compose
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.bots.harness import Harness

MASTER_ADMIN = 900_001


def fsm_router() -> Router:
    """A tiny FSM flow only tests use: /remember X stores X, /recall reads it back."""
    router = Router(name="fsm-probe")
    router.message.register(remember, Command("remember"))
    router.message.register(recall, Command("recall"), F.text)
    return router


async def remember(message: Message, state: FSMContext) -> None:
    value = (message.text or "").partition(" ")[2]
    await state.update_data(value=value)
    await message.answer(f"remembered {value}")


async def recall(message: Message, state: FSMContext) -> None:
    await message.answer(f"recalled {(await state.get_data()).get('value')}")


def e2e_settings(tmp_path: Path, sim: BotApiSimulator) -> Settings:
    return load_settings(
        {
            "FLEET_DATA_DIR": str(tmp_path / "data"),
            "FLEET_SECRET_KEY": "e2e-secret-" + "e" * 32,
            "FLEET_MASTER_API_KEY": "e2e-master-" + "m" * 32,
            "FLEET_TELEGRAM_API_URL": sim.base_url,
            "FLEET_MASTER_ADMIN_IDS": str(MASTER_ADMIN),
        }
    )


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(webhook_retry_delays=(0.05, 0.1))
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture(params=["polling", "webhook"])
async def harness(
    request: pytest.FixtureRequest,
    sim: BotApiSimulator,
    tmp_path: Path,
    database_url: str,
    clean_db: AsyncEngine,
) -> AsyncIterator[Harness]:
    container = compose(settings=e2e_settings(tmp_path, sim), database_url=database_url)
    container.engine.override(providers.Object(clean_db))
    container.clock.override(providers.Object(FrozenClock()))
    h = Harness(sim, container, request.param, routers=(fsm_router(),))
    yield h
    await h.stop()


@pytest.fixture
async def panel_sim(harness: Harness) -> AsyncIterator[RemnawaveSimulator]:
    """The Remnawave 3.x simulator over HTTP, on the clock of the harness's Fleet."""
    clock = FrozenClock(datetime.now(UTC).replace(microsecond=0))
    simulator = RemnawaveSimulator(token="panel-token", now=clock.now)
    url = await simulator.start()
    panel = HttpRemnawavePanel(url, "panel-token", retries=1, backoff_s=0.01, timeout_s=2)
    harness.container.clock.override(providers.Object(clock))
    harness.container.panel.override(providers.Object(panel))
    yield simulator
    await panel.close()
    await simulator.stop()
