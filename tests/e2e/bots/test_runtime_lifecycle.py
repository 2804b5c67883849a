"""Lifecycle across processes (Redis) and graceful shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from src.interfaces.composition import compose
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.bots.conftest import e2e_settings
from tests.e2e.bots.harness import Harness

USER = 555_004


@pytest.fixture
async def second_process(
    sim: BotApiSimulator,
    tmp_path: Path,
    database_url: str,
    clean_db: AsyncEngine,
    redis_url: str,
) -> AsyncIterator[Harness]:
    """Another Fleet process: its own container, cache and Redis connection."""
    settings = replace(e2e_settings(tmp_path / "b", sim), redis_url=redis_url)
    container = compose(settings=settings, database_url=database_url)
    container.engine.override(providers.Object(clean_db))
    h = Harness(sim, container, "webhook")
    yield h
    await h.stop()


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_tenant_changes_reach_every_process_through_redis(
    harness: Harness, second_process: Harness, redis_url: str
) -> None:
    harness.container.settings.override(
        providers.Object(replace(harness.container.settings(), redis_url=redis_url))
    )
    await harness.start()
    await second_process.start()
    other = second_process.platform.runtime.registry  # type: ignore[union-attr]

    shop = await harness.add_shop("Everywhere")  # created in process A

    async def registered_in_b() -> bool:
        return shop.id in other

    async def gone_from_b() -> bool:
        return shop.id not in other

    await harness.eventually(registered_in_b, timeout=2)
    await harness.container.deactivate_tenant()(shop.id)
    await harness.eventually(gone_from_b, timeout=2)


def slow_router(started: asyncio.Event) -> Router:
    router = Router(name="slow")

    async def slow(message: Message) -> None:
        started.set()
        await asyncio.sleep(0.5)
        await message.answer("finally done")

    router.message.register(slow, Command("slow"))
    return router


@pytest.mark.parametrize("harness", ["polling", "webhook"], indirect=True)
async def test_shutdown_drains_updates_in_flight(harness: Harness) -> None:
    started = asyncio.Event()
    harness.routers = (slow_router(started),)
    await harness.start()
    shop = await harness.add_shop("Drain")
    await harness.say(shop, USER, "/start")
    harness.sim.send_text(shop.token, USER, "/slow")
    await asyncio.wait_for(started.wait(), 5)
    await harness.platform.stop(dispose=False)  # type: ignore[union-attr]
    assert harness.sim.last_message(shop.token, USER).text == "finally done"  # type: ignore[union-attr]
    harness.platform = None
