"""Faults map onto the exceptions aiogram raises for the real Telegram."""

from __future__ import annotations

import pytest
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)

from src.sandbox.telegram import BotApiSimulator

from .helpers import MakeBot

USER = 9001


async def test_revoked_token_is_unauthorized(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.fail_token(bot.token, 401)
    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await bot.get_me()
    assert sim.calls(bot.token, "getMe")[-1].response == {
        "ok": False,
        "error_code": 401,
        "description": "Unauthorized",
    }
    sim.clear_faults()
    assert (await bot.get_me()).id == bot.id


async def test_rate_limit_gives_retry_after(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/start")
    sim.rate_limit(bot.token, "sendMessage", retry_after=7, times=2)
    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(USER, "flood")
        assert caught.value.retry_after == 7
    assert "Too Many Requests: retry after 7" in str(caught.value)
    assert (await bot.send_message(USER, "calm")).text == "calm"
    assert [m.text for m in sim.sent_messages(bot.token, USER)] == ["calm"]


async def test_blocked_chat_is_forbidden(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot, other = make_bot(), make_bot()
    for b in (bot, other):
        sim.send_text(b.token, USER, "/start")
    sim.block_chat(bot.token, USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "promo")
    assert (await other.send_message(USER, "still fine")).text == "still fine"
    sim.block_chat(None, USER)
    with pytest.raises(TelegramForbiddenError):
        await other.send_message(USER, "now blocked everywhere")


async def test_network_failure_drops_the_connection(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.network_fail(bot.token, times=1)
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()
    assert sim.calls(bot.token)[-1].response is None
    assert (await bot.get_me()).id == bot.id
