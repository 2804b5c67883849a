"""Webhook mode specifics: the secret, unknown tenants, redeliveries (PRODUCT 2.2)."""

from __future__ import annotations

import json
import logging

import aiohttp
import pytest

from src.interfaces.bot.webhook import SECRET_HEADER
from tests.e2e.bots.harness import Harness

USER = 555_003
pytestmark = pytest.mark.parametrize("harness", ["webhook"], indirect=True)


def update(update_id: int, text: str = "/start") -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_767_225_600,
            "chat": {"id": USER, "type": "private", "first_name": "U"},
            "from": {"id": USER, "is_bot": False, "first_name": "U"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def post(harness: Harness, tenant_id: int, body: object, secret: str | None) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers["Content-Type"] = "application/json"
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{harness.base_url}/telegram/{tenant_id}", data=raw, headers=headers) as resp,
    ):
        return resp.status


async def test_set_webhook_is_called_with_the_derived_secret(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Hooked")
    secret = harness.container.webhook_secrets().for_tenant(shop.id)

    async def webhook_set() -> bool:
        return bool(harness.sim.calls(shop.token, "setWebhook"))

    await harness.eventually(webhook_set)
    params = harness.sim.calls(shop.token, "setWebhook")[-1].params
    assert params["url"] == f"{harness.base_url}/telegram/{shop.id}"
    assert params["secret_token"] == secret
    assert "Welcome to Hooked" in ((await harness.say(shop, USER, "/start")).text or "")
    deliveries = harness.sim.webhook_deliveries(shop.token)
    assert deliveries and all(d.status == 200 for d in deliveries)


async def test_wrong_or_missing_secret_is_401_and_unknown_tenant_404(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Guarded")
    secrets = harness.container.webhook_secrets()
    assert await post(harness, shop.id, update(1), None) == 401
    assert await post(harness, shop.id, update(1), "wrong") == 401
    assert await post(harness, shop.id, update(1), secrets.for_tenant(shop.id + 1)) == 401
    unknown = shop.id + 1000
    assert await post(harness, unknown, update(1), "wrong") == 401  # no existence oracle
    assert await post(harness, unknown, update(1), secrets.for_tenant(unknown)) == 404
    assert await post(harness, shop.id, {"not": "an update"}, secrets.for_tenant(shop.id)) == 400
    await harness.settled(shop)
    assert harness.sim.sent_messages(shop.token, USER) == []  # nothing got through


async def test_the_same_update_twice_is_handled_once(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Once")
    secret = harness.container.webhook_secrets().for_tenant(shop.id)
    await harness.say(shop, USER, "/start")  # the user opened the chat
    mark = harness.sim.mark()
    body = update(10_077, "/help")
    assert await post(harness, shop.id, body, secret) == 200
    assert await post(harness, shop.id, json.loads(json.dumps(body)), secret) == 200
    await harness.sim.wait_for_message(shop.token, USER, since=mark)
    await harness.settled(shop)  # the copy was handled too (and dropped)
    after = [m for m in harness.sim.sent_messages(shop.token, USER) if m.seq > mark]
    assert len(after) == 1


async def test_deep_json_and_ids_past_int64_are_400_and_reach_no_handler(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """A forged or broken delivery (it needs the secret) never reaches a handler."""
    await harness.start()
    shop = await harness.add_shop("Hardened")
    secret = harness.container.webhook_secrets().for_tenant(shop.id)
    await harness.say(shop, USER, "/start")  # the user opened the chat
    huge = update(20_001)
    huge["message"]["from"]["id"] = 2**70  # type: ignore[index]
    nested = b"[" * 1_000 + b"]" * 1_000
    deep = json.dumps(update(20_002))[:-1].encode() + b', "x": ' + nested + b"}"
    with caplog.at_level(logging.ERROR):
        assert await post(harness, shop.id, huge, secret) == 400
        assert await post(harness, shop.id, deep, secret) == 400
        assert await post(harness, 2**70, update(20_003), secret) == 401
        assert await post(harness, shop.id, update(20_004, "/help"), secret) == 200
        await harness.sim.wait_for_message(shop.token, USER)  # the good one went through
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
