"""At most N sends per bot in any window of a second (with a margin for network jitter)."""

from __future__ import annotations

import asyncio
from collections import defaultdict, deque

from src.core.broadcasts import RATE_PER_BOT
from src.core.ids import TenantId

WINDOW = 1.05  # seconds: the cap holds in any 1 s window the far end measures


class PerBotRateLimiter:
    """`async with limiter.slot(bot):` waits its turn; a 429 pauses the bot for everyone."""

    def __init__(self, rate: int = RATE_PER_BOT, window: float = WINDOW) -> None:
        self._rate, self._window = rate, window
        self._sent: defaultdict[TenantId, deque[float]] = defaultdict(deque)
        self._paused_until: dict[TenantId, float] = {}
        self._locks: defaultdict[TenantId, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def acquire(self, bot: TenantId) -> None:
        loop = asyncio.get_running_loop()
        async with self._locks[bot]:
            sent = self._sent[bot]
            while True:
                now = loop.time()
                while sent and sent[0] <= now - self._window:
                    sent.popleft()
                wait = self._paused_until.get(bot, 0.0) - now
                if len(sent) >= self._rate:
                    wait = max(wait, sent[0] + self._window - now)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            sent.append(loop.time())

    def pause(self, bot: TenantId, seconds: float) -> None:
        """Telegram said retry_after: nothing goes through this bot before it passes."""
        until = asyncio.get_running_loop().time() + seconds
        self._paused_until[bot] = max(self._paused_until.get(bot, 0.0), until)
