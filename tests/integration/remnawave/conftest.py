"""Fixtures for the Remnawave simulator and client tests: a simulator on an ephemeral port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from src.sandbox.remnawave.simulator import RemnawaveSimulator

TOKEN = "rw-secret-token-8c1f2e"


@pytest.fixture
async def simulator() -> AsyncIterator[RemnawaveSimulator]:
    sim = RemnawaveSimulator(token=TOKEN, sub_domain="sub.sim.test")
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()
