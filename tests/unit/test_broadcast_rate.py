"""The per-bot limiter (docs/broadcasts.md) holds the cap at the far end even when a
request is held up on the way: the far end stamps a request when it arrives, anywhere
between its grant and its answer. Scaled down (5 per 0.1 s) so it runs in a blink.

Cases considered: the first send of a window arriving late (the case measured at 26/s
before: slots counted from the grant); the worst case of every arrival at the end of
its send; two bots at once (one never slows the other); a 429 pause.
"""

from __future__ import annotations

import asyncio

from src.application.broadcasts.rate import PerBotRateLimiter
from src.core.ids import TenantId

RATE, WINDOW, MEASURED = 5, 0.105, 0.1
A, B = TenantId(1), TenantId(2)


def busiest(arrivals: list[float], window: float = MEASURED) -> int:
    times, best, start = sorted(arrivals), 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def sends(limiter: PerBotRateLimiter, bot: TenantId, n: int, late: set[int]) -> list[float]:
    """n sequential sends; those in `late` take 40 ms and arrive at their end."""
    loop, arrivals = asyncio.get_running_loop(), []
    for i in range(n):
        async with limiter.slot(bot):
            if i in late:
                await asyncio.sleep(0.04)
            arrivals.append(loop.time())
    return arrivals


async def test_a_late_arrival_does_not_squeeze_the_next_window_past_the_cap() -> None:
    limiter = PerBotRateLimiter(RATE, WINDOW)
    arrivals = await sends(limiter, A, 16, late={0, 5, 10})
    assert busiest(arrivals) <= RATE


async def test_bots_are_limited_apart_and_a_pause_holds_the_bot() -> None:
    limiter = PerBotRateLimiter(RATE, WINDOW)
    loop = asyncio.get_running_loop()
    started = loop.time()
    a, b = await asyncio.gather(sends(limiter, A, 10, set()), sends(limiter, B, 10, set()))
    took = loop.time() - started
    assert busiest(a) <= RATE and busiest(b) <= RATE
    assert took < 3 * WINDOW  # in parallel: about one window for each bot's second five
    limiter.pause(A, 0.05)
    paused_at = loop.time()
    [first] = await sends(limiter, A, 1, set())
    assert first - paused_at >= 0.05
