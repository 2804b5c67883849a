"""Panel calls made while a user waits (an update being handled) get a short deadline.

A worker serving updates must not wait the panel adapter's own timeouts and
retries (tens of seconds against a hanging panel): past the deadline the call is
`PanelUnavailable`, the user is answered ("the panel is slow, try again" or
"activating"), and the durable outbox finishes provisioning later (docs/runtime.md#bulkheads).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from src.core.errors import PanelUnavailable

T = TypeVar("T")
PANEL_DEADLINE_IN_UPDATES = 3.0  # seconds


async def within_deadline(deadline_s: float | None, call: Awaitable[T]) -> T:
    """Await `call`; past `deadline_s` seconds (None: no deadline) raise `PanelUnavailable`."""
    try:
        async with asyncio.timeout(deadline_s):
            return await call
    except TimeoutError:
        raise PanelUnavailable(
            f"the panel did not answer within {deadline_s} s", code="panel_slow"
        ) from None
