"""The wire protocol without aiogram (forms, JSON, GET, errors) and the HTTP control interface."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest_asyncio

from src.sandbox.telegram import BotApiSimulator

from .helpers import MakeBot

USER = 9501


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _call(http: aiohttp.ClientSession, url: str, **kwargs: Any) -> tuple[int, Any]:
    method = kwargs.pop("method", "POST")
    async with http.request(method, url, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_forms_json_and_get_are_understood(
    sim: BotApiSimulator, make_bot: MakeBot, http: aiohttp.ClientSession
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/start")
    base = f"{sim.base_url}/bot{bot.token}"
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    status, form = await _call(
        http,
        f"{base}/sendMessage",
        data={"chat_id": str(USER), "text": "form", "reply_markup": markup},
    )
    assert status == 200 and form["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
    status, body = await _call(http, f"{base}/sendmessage", json={"chat_id": USER, "text": "json"})
    assert status == 200 and body["result"]["text"] == "json"
    status, got = await _call(http, f"{base}/getMe", method="GET")
    assert got == {"ok": True, "result": sim.calls(bot.token, "getMe")[-1].result}
    status, bad = await _call(http, f"{base}/sendMessage", data={"chat_id": str(USER)})
    assert (status, bad) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"},
    )


async def test_protocol_errors(
    sim: BotApiSimulator, make_bot: MakeBot, http: aiohttp.ClientSession
) -> None:
    bot = make_bot()
    status, body = await _call(http, f"{sim.base_url}/bot{bot.id}:unknown/getMe")
    assert (status, body["description"]) == (401, "Unauthorized")
    status, body = await _call(http, f"{sim.base_url}/bot{bot.token}/noSuchMethod")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await _call(http, f"{sim.base_url}/botnot-a-token/getMe")
    assert status == 404
    status, body = await _call(http, f"{sim.base_url}/whatever", method="GET")
    assert status == 404 and body["ok"] is False


async def test_control_interface_over_http(
    sim: BotApiSimulator, make_bot: MakeBot, http: aiohttp.ClientSession
) -> None:
    bot = make_bot()
    control = f"{sim.base_url}/_control"
    status, text = await _call(
        http, f"{control}/updates/text", json={"bot": bot.id, "user_id": USER, "text": "/start"}
    )
    assert status == 200
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [text["update_id"]]
    markup_buttons = [[{"text": "Go", "callback_data": "go"}]]
    sent = await bot.send_message(USER, "Hello", reply_markup={"inline_keyboard": markup_buttons})  # type: ignore[arg-type]
    status, listed = await _call(
        http,
        f"{control}/messages",
        method="GET",
        params={"bot": f"t{bot.id}_bot", "chat_id": str(USER), "since": "0", "timeout": "1"},
    )
    assert status == 200
    assert [(m["message_id"], m["text"]) for m in listed["messages"]] == [
        (sent.message_id, "Hello")
    ]
    status, forged = await _call(
        http,
        f"{control}/updates/button",
        json={"bot": bot.id, "user_id": USER, "message_id": sent.message_id, "callback_data": "x"},
    )
    assert status == 400 and "ButtonNotFoundError" in forged["error"]
    status, pressed = await _call(
        http,
        f"{control}/updates/button",
        json={"bot": bot.id, "user_id": USER, "message_id": sent.message_id, "callback_data": "go"},
    )
    assert status == 200 and pressed["update_id"] > text["update_id"]
    status, _ = await _call(
        http, f"{control}/faults", json={"kind": "block_chat", "bot": bot.id, "chat_id": USER}
    )
    assert status == 200
    status, calls = await _call(
        http, f"{control}/calls", method="GET", params={"bot": str(bot.id), "method": "sendMessage"}
    )
    assert status == 200 and calls[-1]["status"] == 200
    status, waited = await _call(
        http, f"{control}/wait_for_message", json={"bot": bot.id, "chat_id": USER, "timeout": 0.2}
    )
    assert status == 408 and "no matching message" in waited["error"]
    await _call(http, f"{control}/faults", json={"kind": "clear"})
    status, bots = await _call(http, f"{control}/bots", method="GET")
    assert any(b["id"] == bot.id for b in bots)
