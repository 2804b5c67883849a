"""Webhook mode: delivery with the secret header, retries, pending updates, 409 for polling."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiohttp import web

from src.sandbox.telegram import SECRET_HEADER, BotApiSimulator

from .helpers import MakeBot

USER = 8001


@dataclass
class Receiver:
    url: str
    status: int = 200
    received: asyncio.Queue[tuple[str | None, dict[str, Any]]] = field(
        default_factory=asyncio.Queue
    )


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A tiny stand-in for the app's webhook endpoint."""
    holder: list[Receiver] = []

    async def handle(request: web.Request) -> web.Response:
        me = holder[0]
        await me.received.put(
            (request.headers.get(SECRET_HEADER), json.loads(await request.read()))
        )
        return web.Response(status=me.status)

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    holder.append(Receiver(url=f"http://127.0.0.1:{runner.addresses[0][1]}/hook"))
    yield holder[0]
    await runner.cleanup()


async def test_update_is_posted_with_the_secret(
    sim: BotApiSimulator, make_bot: MakeBot, receiver: Receiver
) -> None:
    bot = make_bot()
    assert await bot.set_webhook(receiver.url, secret_token="s3cret_Token-1")
    info = await bot.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0
    update_id = sim.send_text(bot.token, USER, "/start")
    secret, body = await asyncio.wait_for(receiver.received.get(), 5)
    assert secret == "s3cret_Token-1"
    assert body["update_id"] == update_id and body["message"]["text"] == "/start"
    await sim.flush_webhook(bot.token)
    deliveries = sim.webhook_deliveries(bot.token)
    assert [(d.update_id, d.status, d.attempt) for d in deliveries] == [(update_id, 200, 1)]
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == []


async def test_failed_delivery_is_retried_then_kept_pending(
    sim: BotApiSimulator, make_bot: MakeBot, receiver: Receiver
) -> None:
    bot = make_bot()
    await bot.set_webhook(receiver.url)
    receiver.status = 500
    update_id = sim.send_text(bot.token, USER, "hello")
    assert await sim.flush_webhook(bot.token) is False
    attempts = sim.webhook_deliveries(bot.token)
    assert [(d.attempt, d.status) for d in attempts] == [(1, 500), (2, 500), (3, 500)]
    assert receiver.received.qsize() == 3
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message is not None and "500" in info.last_error_message
    receiver.status = 200
    assert await sim.flush_webhook(bot.token) is True
    assert sim.webhook_deliveries(bot.token)[-1].ok
    assert sim.webhook_deliveries(bot.token)[-1].update_id == update_id
    assert sim.pending_updates(bot.token) == []
    # The webhook does not see the header when no secret was set.
    assert (await receiver.received.get())[0] is None


async def test_unreachable_webhook_keeps_updates_for_polling(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    await bot.set_webhook("http://127.0.0.1:9/nowhere")
    sim.send_text(bot.token, USER, "lost?")
    assert await sim.flush_webhook(bot.token) is False
    assert all(d.status is None and d.error for d in sim.webhook_deliveries(bot.token))
    await bot.delete_webhook()
    updates = await bot.get_updates()
    assert updates[0].message is not None and updates[0].message.text == "lost?"


async def test_webhook_parameters_are_validated(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    with pytest.raises(TelegramBadRequest, match="secret token"):
        await bot.set_webhook("https://example.org/hook", secret_token="bad secret!")
    sim.send_text(bot.token, USER, "old")
    await bot.set_webhook("http://127.0.0.1:9/x", drop_pending_updates=True)
    assert sim.pending_updates(bot.token) == []
    await bot.delete_webhook()
