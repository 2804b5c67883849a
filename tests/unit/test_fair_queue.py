"""The update queue's bulkhead: a tenant holds at most `max_active` updates in
flight; its excess waits in its own queue while other tenants are served.

Cases considered: a burst of one tenant arriving before a quiet tenant's single
update (covered); the cap freeing one slot at a time (covered); a tenant whose
queue empties while it is at the cap (covered: no stale turn is left behind);
`max_active` below 1 (refused).
"""

from __future__ import annotations

import asyncio

import pytest

from src.core.ids import TenantId
from src.interfaces.bot.fair_queue import FairQueue

BUSY, QUIET = TenantId(1), TenantId(2)


async def _take(queue: FairQueue[str], count: int) -> list[tuple[TenantId, str]]:
    return [await asyncio.wait_for(queue.get(), 1) for _ in range(count)]


async def test_a_busy_tenant_holds_at_most_its_share_and_the_quiet_one_is_served() -> None:
    queue: FairQueue[str] = FairQueue(max_active=2)
    for n in range(5):
        queue.put_nowait(BUSY, f"busy-{n}")
    queue.put_nowait(QUIET, "quiet")

    taken = await _take(queue, 3)  # nobody finishes: two of BUSY's, then QUIET's
    assert taken == [(BUSY, "busy-0"), (QUIET, "quiet"), (BUSY, "busy-1")]
    assert queue.active(BUSY) == 2
    waiting = asyncio.create_task(queue.get())
    await asyncio.sleep(0)  # one loop turn: the task runs up to its wait (no timing involved)
    assert not waiting.done()  # BUSY is at its cap: its third update waits

    queue.task_done(BUSY)  # one slot frees: exactly one more of BUSY's
    assert await asyncio.wait_for(waiting, 1) == (BUSY, "busy-2")
    assert len(queue) == 2


async def test_a_tenant_that_drained_at_its_cap_leaves_no_stale_turn() -> None:
    queue: FairQueue[str] = FairQueue(max_active=1)
    queue.put_nowait(BUSY, "a")
    queue.put_nowait(BUSY, "b")
    assert await _take(queue, 1) == [(BUSY, "a")]
    queue.task_done(BUSY)
    assert await _take(queue, 1) == [(BUSY, "b")]
    queue.task_done(BUSY)
    await asyncio.wait_for(queue.join(), 1)
    queue.put_nowait(QUIET, "c")
    assert await _take(queue, 1) == [(QUIET, "c")]
    assert queue.active(BUSY) == 0


def test_a_bulkhead_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="max_active"):
        FairQueue(max_active=0)
