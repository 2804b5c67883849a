"""One supervised long-polling loop per bot (polling mode, docs/runtime.md#modes)."""

from __future__ import annotations

import asyncio
import logging
import random

from aiogram import Bot
from aiogram.exceptions import (
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import Update

from src.core.ids import TenantId
from src.interfaces.bot.fair_queue import FairQueue

log = logging.getLogger(__name__)

Job = tuple[Bot, Update]


class Backoff:
    """Exponential with full jitter: 0.5 s, 1 s, 2 s ... capped, reset on success."""

    def __init__(self, base: float = 0.5, cap: float = 30.0) -> None:
        self._base, self._cap, self.failures = base, cap, 0

    def next_delay(self) -> float:
        self.failures += 1
        return random.uniform(0, min(self._cap, self._base * 2 ** (self.failures - 1)))

    def reset(self) -> None:
        self.failures = 0


async def poll(
    tenant_id: TenantId,
    bot: Bot,
    queue: FairQueue[Job],
    *,
    timeout: int = 25,  # noqa: ASYNC109 - the long-poll duration asked of Telegram
    allowed_updates: list[str] | None = None,
    backoff: Backoff | None = None,
) -> None:
    """Fetch updates until cancelled; network and server errors are retried with
    backoff while the other bots go on; a 401 stops this bot for good (the session's
    `TokenRejectedWatch` marks the tenant failed).

    A webhook left set at Telegram (an earlier start in webhook mode) makes every
    getUpdates a 409, so the webhook is deleted before the first poll and after
    every 409; pending updates are kept."""
    backoff = backoff or Backoff()
    offset: int | None = None
    webhook_cleared = False
    while True:
        try:
            if not webhook_cleared:
                await bot.delete_webhook(drop_pending_updates=False)
                webhook_cleared = True
            updates = await bot.get_updates(
                offset=offset,
                timeout=timeout,
                allowed_updates=allowed_updates,
                request_timeout=timeout + 15,
            )
        except TelegramUnauthorizedError:
            log.error("telegram rejected the token", extra={"tenant_id": tenant_id})
            return
        except TelegramRetryAfter as exc:
            await asyncio.sleep(exc.retry_after)
            continue
        except (TelegramNetworkError, TelegramServerError, TelegramConflictError) as exc:
            webhook_cleared = webhook_cleared and not isinstance(exc, TelegramConflictError)
            delay = backoff.next_delay()
            log.warning(
                "polling failed, retrying",
                extra={"tenant_id": tenant_id, "error": type(exc).__name__, "delay": delay},
            )
            await asyncio.sleep(delay)
            continue
        backoff.reset()
        for update in updates:
            offset = update.update_id + 1
            await queue.put(tenant_id, (bot, update))
