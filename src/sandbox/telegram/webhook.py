"""Delivery of updates to webhooks: POST the update JSON, with the secret header,
retry a few times with backoff, then leave the update pending.

A bot costs a task only while it has updates on their way to its webhook."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import aiohttp

from .records import WebhookDelivery
from .state import BotState, WebhookConfig
from .world import World

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


class WebhookDeliverer:
    def __init__(
        self,
        world: World,
        *,
        retry_delays: Sequence[float] = (0.05, 0.2, 0.5),
        timeout: float = 10.0,
    ) -> None:
        self._world = world
        self._retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    def kick(self, bot: BotState) -> None:
        """Start draining the bot's pending updates to its webhook, if not already."""
        if self._closed or bot.webhook is None or not bot.pending:
            return
        if bot.delivery_task is None or bot.delivery_task.done():
            bot.delivery_task = asyncio.get_running_loop().create_task(self._drain(bot))

    async def flush(self, bot: BotState) -> bool:
        """Deliver what is pending now; True when nothing is left pending."""
        self.kick(bot)
        task = bot.delivery_task
        if task is not None and not task.done():
            await asyncio.shield(task)
        return not bot.pending

    async def close(self) -> None:
        self._closed = True
        tasks = [b.delivery_task for b in self._world.bots_by_id.values() if b.delivery_task]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def reopen(self) -> None:
        self._closed = False

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout)
            )
        return self._session

    async def _drain(self, bot: BotState) -> None:
        while bot.webhook is not None and bot.pending:
            update, hook = bot.pending[0], bot.webhook
            if not await self._deliver(bot, hook, update):
                if bot.webhook is hook or bot.webhook is None:
                    return
                continue  # the webhook changed meanwhile: try the new one
            if bot.pending and bot.pending[0] is update:
                bot.pending.popleft()

    async def _deliver(self, bot: BotState, hook: WebhookConfig, update: dict[str, Any]) -> bool:
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers[SECRET_HEADER] = hook.secret_token
        error = ""
        for attempt, delay in enumerate((0.0, *self._retry_delays), start=1):
            if delay:
                await asyncio.sleep(delay)
            if bot.webhook is not hook:
                return False
            status: int | None = None
            try:
                async with self._client().post(hook.url, data=body, headers=headers) as resp:
                    status = resp.status
                    await resp.read()
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                error = _describe(exc)
            bot.deliveries.append(
                WebhookDelivery(
                    update_id=update["update_id"],
                    url=hook.url,
                    attempt=attempt,
                    status=status,
                    error=None if status is not None and 200 <= status < 300 else error,
                    at=self._world.clock(),
                )
            )
            if status is not None and 200 <= status < 300:
                return True
        hook.last_error_date = self._world.now()
        hook.last_error_message = error
        return False


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "Read timeout expired"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "Connection refused"
    return f"{type(exc).__name__}: {exc}"
