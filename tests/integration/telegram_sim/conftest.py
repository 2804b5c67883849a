"""One simulator and one aiogram session for the whole module set; a fresh bot per test."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from src.sandbox.telegram import BotApiSimulator

from .helpers import MakeBot

_bot_ids = itertools.count(7_100_000_001)


@pytest_asyncio.fixture(scope="session")
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(webhook_retry_delays=(0.01, 0.02), webhook_timeout=2.0)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest_asyncio.fixture(scope="session")
async def tg_session(sim: BotApiSimulator) -> AsyncIterator[AiohttpSession]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(sim.base_url))
    yield session
    await session.close()


@pytest.fixture
def make_bot(sim: BotApiSimulator, tg_session: AiohttpSession) -> MakeBot:
    """A new bot registered in the simulator, talking through the shared session."""

    def make() -> Bot:
        bot_id = next(_bot_ids)
        token = f"{bot_id}:{secrets.token_urlsafe(24)}"
        sim.add_bot(token, bot_id=bot_id, username=f"t{bot_id}_bot", first_name=f"Bot {bot_id}")
        return Bot(token, session=tg_session)

    return make


@pytest.fixture(autouse=True)
def _no_leftover_faults(sim: BotApiSimulator) -> Iterator[None]:
    yield
    sim.clear_faults()
