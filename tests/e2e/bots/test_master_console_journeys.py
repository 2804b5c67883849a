"""The master console over the Bot API simulator, a real Fleet process and PostgreSQL
(docs/master-console.md): the acceptance journeys of issue #12.

Cases considered: a stranger's `/admin` (checked against the answer to a later
/help, not a sleep) and every console press forged by a stranger (each answered
"out of date", nothing changed); the top-up confirmation pressed twice before the
first answer came; the tenant made in the chat compared field by field with one
made through `POST /api/v1/tenants`; the stopped bot proven stopped by the runtime's
registry and restarted by its answer to /start.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from src.core.ids import TenantId
from src.infrastructure.clock import FrozenClock
from src.interfaces.api.app import create_app
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.conftest import MASTER_ADMIN
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.support.console import OUT_OF_DATE, forged_presses

STRANGER = 900_777
CUSTOMER = 900_888
SAME_ANY_WAY = ("id", "name", "username", "telegram_bot_id", "created_at", "updated_at")


async def start_with_master(harness: Harness) -> Shop:
    token = harness.new_token("fleet_master_bot")
    harness.use_master(token)
    await harness.start()
    async with harness.container.uow().platform() as uow:
        master = await uow.tenants.get_master()
    assert master is not None
    return Shop(master, token)


async def open_card(harness: Harness, master: Shop, tenant_id: int) -> SentMessage:
    home = await harness.say(master, MASTER_ADMIN, "/admin")
    listing = await harness.press(master, MASTER_ADMIN, home, "Tenants")
    [label] = [x for x in labels(listing) if x.startswith(f"#{tenant_id} ")]
    return await harness.press(master, MASTER_ADMIN, listing, label)


async def api_get(harness: Harness, url: str, body: Any = None) -> Any:
    app = create_app(harness.container, manage_container=False)
    key = harness.container.settings().master_api_key
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://fleet.test") as client:
        method = "POST" if body is not None else "GET"
        response = await client.request(
            method, url, json=body, headers={"Authorization": f"Bearer {key}"}
        )
    assert response.status_code < 300, response.text
    return response.json()


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_a_tenant_made_in_the_master_bot_serves_at_once_like_one_made_by_the_api(
    harness: Harness,
) -> None:
    master = await start_with_master(harness)
    token = harness.new_token("chat_made_bot")
    home = await harness.say(master, MASTER_ADMIN, "/admin")
    await harness.press(master, MASTER_ADMIN, home, "New tenant")
    name = await harness.say(master, MASTER_ADMIN, token)
    language = await harness.press(master, MASTER_ADMIN, name, "Use")
    admins = await harness.press(master, MASTER_ADMIN, language, "English")
    done = await harness.say(master, MASTER_ADMIN, "4242 4343")
    assert done.text is not None and "is created and its bot is running" in done.text
    tenant_id = await harness.container.authenticate_api_token()(done.text.rsplit("\n", 1)[-1])
    assert admins.text is not None

    menu = await harness.say(token, CUSTOMER, "/start")  # the new bot answers at once
    assert "Buy" in " ".join(labels(menu))

    api_token = harness.new_token("api_made_bot")
    body = {
        "name": "chat_made_bot",
        "telegram_token": api_token,
        "default_language": "en",
        "admin_ids": [4242, 4343],
    }
    by_api = (await api_get(harness, "/api/v1/tenants/", body))["tenant"]
    by_chat = await api_get(harness, f"/api/v1/tenants/{tenant_id}")
    assert {k: v for k, v in by_chat.items() if k not in SAME_ANY_WAY} == {
        k: v for k, v in by_api.items() if k not in SAME_ANY_WAY
    }
    assert by_chat["name"] == by_api["name"]
    for part in ("features", "wallet", "config"):
        chat_part = await api_get(harness, f"/api/v1/tenants/{tenant_id}/{part}")
        api_part = await api_get(harness, f"/api/v1/tenants/{by_api['id']}/{part}")
        chat_part.pop("tenant_id", None), api_part.pop("tenant_id", None)
        assert chat_part == api_part, part
    audit = await api_get(harness, f"/api/v1/audit?tenant_id={tenant_id}")
    assert [(e["actor"], e["action"]) for e in audit["items"]] == [
        (f"tg:{MASTER_ADMIN}", "tenant.create")
    ]


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_a_strangers_admin_and_forged_console_presses_change_nothing(
    harness: Harness,
) -> None:
    master = await start_with_master(harness)
    shop = await harness.add_shop("Guarded")
    since = harness.sim.mark()
    harness.sim.send_text(master.token, STRANGER, "/admin")
    helped = await harness.say(master, STRANGER, "/help")
    first = await harness.sim.wait_for_message(master.token, STRANGER, since=since)
    assert first.message_id == helped.message_id  # /admin got no answer at all
    for data in forged_presses(shop.id):
        update_id = harness.sim.press_button(
            master.token, STRANGER, helped.message_id, data, force=True
        )
        answer = await harness.sim.wait_callback_answer(master.token, update_id)
        assert answer.text == OUT_OF_DATE, data
    tenant = await harness.container.get_tenant()(shop.id)
    assert tenant.status.value == "active" and tenant.updated_at == shop.tenant.updated_at
    assert (await harness.container.get_wallet()(shop.id)).wallet.balance == 0
    features = await harness.container.get_features()(shop.id)
    assert features["trial_subscription"].enabled
    audit = await harness.container.list_audit()(None)
    assert audit.total == 0


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_a_feature_switched_in_the_console_reaches_the_menu_within_a_second(
    harness: Harness,
) -> None:
    master = await start_with_master(harness)
    shop = await harness.add_shop("Flagged")
    assert any("trial" in x.lower() for x in labels(await harness.say(shop, CUSTOMER, "/start")))
    card = await open_card(harness, master, shop.id)
    feats = await harness.press(master, MASTER_ADMIN, card, "Features")
    loop = asyncio.get_running_loop()
    pressed = loop.time()
    await harness.press(master, MASTER_ADMIN, feats, "trial_subscription")
    menu = await harness.say(shop, CUSTOMER + 1, "/start")
    elapsed = loop.time() - pressed
    print(f"feature switch to menu: {elapsed * 1000:.0f} ms")
    assert not any("trial" in x.lower() for x in labels(menu))
    assert elapsed < 1.0


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_a_top_up_confirmed_twice_credits_once(harness: Harness) -> None:
    master = await start_with_master(harness)
    shop = await harness.add_shop("Funded")
    card = await open_card(harness, master, shop.id)
    wallet = await harness.press(master, MASTER_ADMIN, card, "Wallet")
    await harness.press(master, MASTER_ADMIN, wallet, "Top up")
    confirm = await harness.say(master, MASTER_ADMIN, "120000 invoice 7")
    data = confirm.button_data("Yes")
    presses = [
        harness.sim.press_button(master.token, MASTER_ADMIN, confirm.message_id, data)
        for _ in range(2)
    ]
    for update_id in presses:
        await harness.sim.wait_callback_answer(master.token, update_id)
    ledger = await harness.container.list_wallet_ledger()(shop.id)
    assert [(e.amount, e.reference) for e in ledger.items] == [(120_000, "invoice 7")]
    audit = await harness.container.list_audit()(TenantId(shop.id))
    assert [(e.actor, e.action) for e in audit.items] == [(f"tg:{MASTER_ADMIN}", "wallet.top_up")]


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_deactivate_stops_the_bot_and_activate_restarts_it(harness: Harness) -> None:
    master = await start_with_master(harness)
    shop = await harness.add_shop("Switched")
    registry = harness.platform.runtime.registry  # type: ignore[union-attr]
    card = await open_card(harness, master, shop.id)
    confirm = await harness.press(master, MASTER_ADMIN, card, "Deactivate")
    card = await harness.press(master, MASTER_ADMIN, confirm, "Yes")

    async def stopped() -> bool:
        return shop.id not in registry

    await harness.eventually(stopped, timeout=2)
    confirm = await harness.press(master, MASTER_ADMIN, card, "Activate")
    await harness.press(master, MASTER_ADMIN, confirm, "Yes")
    menu = await harness.say(shop, CUSTOMER, "/start")
    assert "Buy" in " ".join(labels(menu))
    audit = await harness.container.list_audit()(TenantId(shop.id))
    assert [e.action for e in reversed(audit.items)] == ["tenant.deactivate", "tenant.activate"]


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_the_daily_digest_reaches_the_master_admins_in_the_master_bot(
    harness: Harness,
) -> None:
    master = await start_with_master(harness)
    await harness.add_shop("Quiet")
    await harness.say(master, MASTER_ADMIN, "/admin")  # Telegram: the admin started the bot
    clock = harness.container.clock()
    assert isinstance(clock, FrozenClock)
    clock.set(datetime(2026, 5, 4, 9, tzinfo=UTC))
    assert await harness.container.send_daily_digest()() is not None
    digest = await harness.sim.wait_for_message(master.token, MASTER_ADMIN)
    assert digest.text is not None and digest.text.startswith("Daily digest")
    assert "Tenants failed: 0" in digest.text
