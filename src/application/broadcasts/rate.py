"""At most N sends per bot in any window of a second (with a margin for network jitter)."""

from __future__ import annotations

import asyncio
import math
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from src.core.broadcasts import RATE_PER_BOT
from src.core.ids import TenantId

WINDOW = 1.05  # seconds: the cap holds in any 1 s window the far end measures
IN_FLIGHT_POLL = 0.01  # seconds


class PerBotRateLimiter:
    """`async with limiter.slot(bot):` waits its turn; a 429 pauses the bot for everyone.

    A slot counts from when its send ENDS, not when it was granted: a request held up
    on the way (a busy event loop, the network) reaches Telegram late, and measured from
    its grant it would share the far end's second with the next window's sends
    (measured: 26 in one second at the simulator under load). Since the far end stamps
    a request between its grant and its answer, counting from the answer holds the
    cap in any second the far end measures.
    """

    def __init__(self, rate: int = RATE_PER_BOT, window: float = WINDOW) -> None:
        self._rate, self._window = rate, window
        self._sent: defaultdict[TenantId, deque[list[float]]] = defaultdict(deque)
        self._paused_until: dict[TenantId, float] = {}
        self._locks: defaultdict[TenantId, asyncio.Lock] = defaultdict(asyncio.Lock)

    @asynccontextmanager
    async def slot(self, bot: TenantId) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        async with self._locks[bot]:
            sent = self._sent[bot]
            while True:
                now = loop.time()
                while sent and sent[0][0] <= now - self._window:
                    sent.popleft()
                wait = self._paused_until.get(bot, 0.0) - now
                if len(sent) >= self._rate:
                    oldest = sent[0][0]  # still in flight (inf): look again soon
                    free = oldest + self._window - now if oldest < math.inf else IN_FLIGHT_POLL
                    wait = max(wait, free)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            stamp = [math.inf]  # in flight: counts until it ends
            sent.append(stamp)
        try:
            yield
        finally:
            stamp[0] = loop.time()

    def pause(self, bot: TenantId, seconds: float) -> None:
        """Telegram said retry_after: nothing goes through this bot before it passes."""
        until = asyncio.get_running_loop().time() + seconds
        self._paused_until[bot] = max(self._paused_until.get(bot, 0.0), until)
