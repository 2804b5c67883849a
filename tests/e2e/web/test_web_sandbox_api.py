"""The web sandbox's routes without a browser (issue 17): only in sandbox mode, the live
stream, the demo seed and the reset, the terminal chat, and hostile input.

The sandbox routes carry no credential on purpose: they exist only when no
FLEET_MASTER_BOT_TOKEN is configured (a local, offline playground where anyone may
play any Telegram user); with a real token configured every one of them is 404.

Cases considered: ids past int64, unknown fields, a NUL in a text, an empty photo, a
press of a button the bot never sent, Pay under a message that is no invoice, an
unknown bot on the stream, an unknown panel mode, the seed run on a non-empty
database, a reset while chats are open, the terminal chat's alert, photo and payment.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from src.application.shop.register_user import RegisterInput
from src.infrastructure.settings import load_settings
from src.interfaces.cli import server_builder
from src.sandbox.chat import ChatClient
from src.sandbox.demo import DEMO_NAME, seed_demo, tenants
from src.sandbox.plan import recorded_url
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.web.conftest import Sandbox
from tests.e2e.web.test_web_sandbox import png

pytestmark = pytest.mark.e2e

# what answers without a database (the sandbox case of the test starts nothing)
PAGES = ("/sandbox", "/sandbox/panel", "/sandbox/api/panel", "/sandbox/static/sandbox.js")


@pytest.mark.parametrize("mode", ["production", "sandbox"])
async def test_sandbox_routes_exist_only_without_a_master_bot_token(
    tmp_path: Path, mode: str
) -> None:
    env = {
        "FLEET_DATA_DIR": str(tmp_path / "data"),
        "FLEET_SECRET_KEY": "web-secret-" + "w" * 32,
        "FLEET_MASTER_API_KEY": "web-master-" + "m" * 32,
    }
    if mode == "production":
        env["FLEET_MASTER_BOT_TOKEN"] = "123456789:AAreal-token-configured"
    settings = load_settings(env)
    app, container = server_builder(settings)(settings, "postgresql+asyncpg://unused/none")
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]  # no lifespan: nothing starts
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            statuses = {path: (await http.get(path)).status_code for path in PAGES}
            if mode == "production":
                statuses["/sandbox/api/bots"] = (await http.get("/sandbox/api/bots")).status_code
                reset = await http.post("/sandbox/api/reset", json={})
                statuses["/sandbox/api/reset"] = reset.status_code
    finally:
        await container.engine().dispose()
    assert set(statuses.values()) == ({404} if mode == "production" else {200}), statuses


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.base_url, timeout=15) as client:
        yield client


async def demo_bot(http: httpx.AsyncClient) -> dict[str, Any]:
    bots = (await http.get("/sandbox/api/bots")).json()
    [demo] = [b for b in bots if b["name"] == DEMO_NAME]
    return dict(demo)


async def next_event(lines: AsyncIterator[str]) -> dict[str, Any]:
    async for line in lines:
        if line.startswith("data: "):
            return dict(json.loads(line.removeprefix("data: ")))
    raise AssertionError("the stream ended")


async def test_the_stream_pushes_each_change_of_the_chat(http: httpx.AsyncClient) -> None:
    bot, user = (await demo_bot(http))["id"], 3001
    params = {"bot": bot, "chat": user}
    async with http.stream("GET", "/sandbox/api/stream", params=params) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = stream.aiter_lines()
        assert (await next_event(lines))["messages"] == []
        body = {"bot": bot, "chat": user, "user": user, "name": "Dana", "text": "/start"}
        assert (await http.post("/sandbox/api/send", json=body)).status_code == 201
        views: list[dict[str, Any]] = []
        async with asyncio.timeout(10):
            while not any("Choose an option" in m["text"] for m in views):
                views = (await next_event(lines))["messages"]
    assert views[0] == {
        "id": 1,
        "mine": True,
        "sender": "Dana",
        "text": "/start",
        "photo": None,
        "invoice": None,
        "edited": False,
        "buttons": [],
    }
    assert next(b["text"] for row in views[-1]["buttons"] for b in row).endswith("Buy / Renew")


async def history(http: httpx.AsyncClient, bot: int, chat: int) -> list[dict[str, Any]]:
    """The chat as the stream's first event shows it."""
    params = {"bot": bot, "chat": chat}
    async with http.stream("GET", "/sandbox/api/stream", params=params) as stream:
        return list((await next_event(stream.aiter_lines()))["messages"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("send", {"bot": 1, "chat": 2**63, "user": 2**63, "text": "hi"}),
        ("send", {"bot": 1, "chat": 1, "user": 1, "text": "hi", "admin": True}),
        ("send", {"bot": 1, "chat": 1, "user": 1, "text": "x" * 5000}),
        ("press", {"bot": 1, "chat": 1, "user": 1, "message_id": 1, "data": "d" * 65}),
        ("panel/mode", {"mode": "explode"}),
        ("panel/traffic", {"user_id": 1, "gib": 10**6}),
    ],
)
async def test_malformed_bodies_are_refused_with_422(
    http: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    answer = await http.post(f"/sandbox/api/{path}", json=body)
    assert answer.status_code in (400, 422), answer.text


async def test_what_the_bot_never_offered_is_refused_and_nothing_is_injected(
    http: httpx.AsyncClient,
) -> None:
    bot, user = (await demo_bot(http))["id"], 3002
    actor = {"bot": bot, "chat": user, "user": user}
    forged = await http.post("/sandbox/api/press", json={**actor, "message_id": 1, "data": "m:buy"})
    assert forged.status_code == 400 and "no button" in forged.json()["error"]
    not_invoice = await http.post("/sandbox/api/pay", json={**actor, "message_id": 1})
    assert not_invoice.status_code == 400 and "not an invoice" in not_invoice.json()["error"]
    empty = await http.post(
        "/sandbox/api/photo",
        data={k: str(v) for k, v in actor.items()},
        files={"file": ("r.png", b"", "image/png")},
    )
    assert empty.status_code in (400, 422)
    unknown = await http.get("/sandbox/api/stream", params={"bot": 42, "chat": 1})
    assert unknown.status_code == 400
    assert await history(http, bot, user) == []


async def test_a_nul_in_a_text_reaches_the_bot_as_text(http: httpx.AsyncClient) -> None:
    bot, user = (await demo_bot(http))["id"], 3003
    body = {"bot": bot, "chat": user, "user": user, "text": "a\x00b"}
    assert (await http.post("/sandbox/api/send", json=body)).status_code == 201


async def test_the_terminal_chat_presses_sends_a_photo_file_and_pays(
    sandbox: Sandbox, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    url = recorded_url(sandbox.data_dir)  # what `fleet sandbox chat` uses by default
    assert url is not None and url.startswith("http://127.0.0.1:")
    client = ChatClient(url, str((await demo_bot(http))["id"]), 3004)
    async with aiohttp.ClientSession() as session:

        async def until(text: str) -> dict[str, Any]:
            async with asyncio.timeout(10):
                while True:
                    for message in await client.receive(session):
                        client.render(message)
                        if text in (message.get("text") or "") or (
                            text == "[invoice]" and message.get("invoice")
                        ):
                            return message

        await client.send(session, "/start")
        await until("Choose an option")
        await client.send(session, "4")  # Balance & top-up
        await until("Choose how to top up")
        stars = [i for i, (_m, label, _d) in enumerate(client.buttons, 1) if "Stars" in label]
        await client.send(session, str(stars[0]))
        await until("How much")
        await client.send(session, "100")
        invoice = await until("[invoice]")
        assert "(type /pay)" in client.render(invoice)
        assert await client.send(session, "/pay") == "paid"
        await until("Payment received")

        receipt = tmp_path / "receipt.png"
        receipt.write_bytes(png())
        assert await client.send(session, f"/photo {receipt} my receipt") is None
        assert "cannot read" in (await client.send(session, "/photo /nonexistent.png") or "")

        await client.send(session, "/start")
        await until("Choose an option")
        language = [i for i, (_m, label, _d) in enumerate(client.buttons, 1) if "Language" in label]
        await client.send(session, str(language[0]))
        await until("Choose your language")
        english = [i for i, (_m, label, _d) in enumerate(client.buttons, 1) if "English" in label]
        said = await client.send(session, str(english[0]))  # answered with a toast
        assert said == "(Language set to English.)"


async def test_the_seed_runs_only_on_an_empty_sandbox_and_reset_seeds_a_fresh_demo(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    before = await demo_bot(http)
    again = await seed_demo(sandbox.container, BotApiSimulator(), 1000)
    assert again is None
    assert [t.name for t in await tenants(sandbox.container) if not t.is_master] == [DEMO_NAME]

    assert (await http.post("/sandbox/api/reset", json={})).status_code == 201
    after = await demo_bot(http)
    assert after["tenant_id"] != before["tenant_id"] and after["id"] != before["id"]
    shops = [t for t in await tenants(sandbox.container) if not t.is_master]
    assert [t.id for t in shops] == [after["tenant_id"]]
    assert (await http.get("/sandbox/api/panel")).json()["users"] == []
    assert await history(http, before["id"], 3004) == []


async def wait_for(
    http: httpx.AsyncClient, bot: int, chat: int, text: str, *, invoice: bool = False
) -> dict[str, Any]:
    """The newest message of the chat containing `text` (or an invoice), awaited on the
    live stream."""
    params = {"bot": bot, "chat": chat}
    async with (
        asyncio.timeout(10),
        http.stream("GET", "/sandbox/api/stream", params=params) as stream,
    ):
        lines = stream.aiter_lines()
        while True:
            messages = (await next_event(lines))["messages"]
            found = [m for m in messages if (m["invoice"] if invoice else text in m["text"])]
            if found:
                return dict(found[-1])


async def press_label(
    http: httpx.AsyncClient, actor: dict[str, Any], message: dict[str, Any], label: str
) -> None:
    data = next(b["callback_data"] for row in message["buttons"] for b in row if label in b["text"])
    body = {**actor, "message_id": message["id"], "data": data}
    assert (await http.post("/sandbox/api/press", json=body)).status_code == 201


async def test_two_presses_of_pay_at_once_credit_one_payment(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    demo, user = await demo_bot(http), 3005
    bot = demo["id"]
    actor = {"bot": bot, "chat": user, "user": user}
    await http.post("/sandbox/api/send", json={**actor, "text": "/start"})
    await press_label(http, actor, await wait_for(http, bot, user, "Choose an option"), "Balance")
    await press_label(http, actor, await wait_for(http, bot, user, "top up"), "Stars")
    await wait_for(http, bot, user, "How much")
    await http.post("/sandbox/api/send", json={**actor, "text": "100"})
    pay = {**actor, "message_id": (await wait_for(http, bot, user, "", invoice=True))["id"]}

    first, second = await asyncio.gather(
        http.post("/sandbox/api/pay", json=pay), http.post("/sandbox/api/pay", json=pay)
    )
    results = sorted([first.status_code, second.status_code])
    assert results == [201, 400], (first.text, second.text)
    refused = first if first.status_code == 400 else second
    assert "already paid" in refused.json()["error"]
    replay = await http.post("/sandbox/api/pay", json=pay)  # the same Pay pressed later
    assert replay.status_code == 400

    credited = await wait_for(http, bot, user, "Payment received")
    assert "Balance: 100.00 RUB" in credited["text"]
    async with sandbox.container.uow().for_tenant(demo["tenant_id"]) as uow:
        customer = await uow.users.by_telegram_id(user)
    assert customer is not None and customer.balance == 10_000
    paid = [m for m in await history(http, bot, user) if m["text"].startswith("Paid ")]
    assert [m["text"] for m in paid] == ["Paid 50 XTR"]


@pytest.mark.parametrize(("mode", "status"), [("down", 503), ("refusing", 400), ("slow", None)])
async def test_each_panel_switch_acts_on_the_simulated_panel(
    sandbox: Sandbox, http: httpx.AsyncClient, mode: str, status: int | None
) -> None:
    settings = sandbox.container.settings()
    panel = httpx.AsyncClient(
        base_url=str(settings.remnawave_url),
        headers={
            "Authorization": f"Bearer {settings.remnawave_token}",
            "X-Forwarded-For": "127.0.0.1",  # the panel wants what a reverse proxy adds
            "X-Forwarded-Proto": "https",
        },
        timeout=1.5,
    )
    try:
        switched = await http.post("/sandbox/api/panel/mode", json={"mode": mode})
        assert switched.status_code == 201 and switched.json()["mode"] == mode
        if status is None:  # slow: the call is held past the client's patience
            with pytest.raises(httpx.ReadTimeout):
                await panel.get("/api/internal-squads")
        else:
            assert (await panel.get("/api/internal-squads")).status_code == status
        restored = await http.post("/sandbox/api/panel/mode", json={"mode": "ok"})
        assert restored.json()["mode"] == "ok"
        assert (await panel.get("/api/internal-squads")).status_code == 200
    finally:
        await panel.aclose()


async def test_the_demo_shop_offers_both_simulated_providers_with_test_credentials(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    """`just run` with no real provider URL: the demo shop's YooKassa and Crypto Pay are
    on, with demo credentials in test mode, and an invoice is made at the simulator."""
    demo = await demo_bot(http)
    tenant = await sandbox.container.get_tenant()(demo["tenant_id"])
    flags = await sandbox.container.get_features()(tenant.id)
    assert flags["yookassa"].enabled and flags["cryptopay"].enabled
    listed = await sandbox.container.list_provider_settings()(tenant.id)
    assert [(s.provider, s.configured, s.test_mode) for s in listed] == [
        ("yookassa", True, True),
        ("cryptopay", True, True),
    ]
    await sandbox.container.register_user()(RegisterInput(tenant, 3_100))
    for provider in ("yookassa", "cryptopay"):
        invoice = await sandbox.container.start_online_top_up()(
            tenant, 3_100, provider, 50_000, "demo"
        )
        assert invoice.url.startswith("http://127.0.0.1:"), invoice.url
