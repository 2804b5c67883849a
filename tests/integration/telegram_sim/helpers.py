from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiogram import Bot

MakeBot = Callable[[], Bot]


async def eventually(condition: Callable[[], bool], within: float = 3.0) -> None:
    """Wait for a state the simulator has no event for (a poll parked server-side)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)
