"""The multi-bot runtime end to end: real aiogram over HTTP against the Bot API simulator.

Every test here runs in both polling and webhook mode (the `harness` fixture)."""

from __future__ import annotations

import time

import httpx
from aiogram import Bot

from src.interfaces.api.app import create_app
from tests.e2e.bots.harness import Harness

USER = 555_001


async def test_master_and_three_tenants_answer_with_their_own_bot_and_language(
    harness: Harness,
) -> None:
    master_token = harness.new_token("master_bot")
    harness.use_master(master_token)
    await harness.start()
    shops = [
        await harness.add_shop("Alpha", "en"),
        await harness.add_shop("Beta", "ru"),
        await harness.add_shop("Gamma", "fa"),
    ]
    master_reply = await harness.say(master_token, USER, "/start")
    assert "Master" in (master_reply.text or "")
    expected = {
        "Alpha": "Welcome to Alpha",
        "Beta": "Добро пожаловать в Beta",
        "Gamma": "به \u2066Gamma\u2069",  # a Latin name isolated in Persian (docs/i18n.md)
    }
    for shop in shops:
        reply = await harness.say(shop, USER, "/start")
        assert reply.bot_id == Bot(shop.token).id  # answered by that bot's own token
        assert (reply.text or "").startswith(expected[shop.tenant.name])
    assert len(harness.platform.runtime.registry) == 4  # type: ignore[union-attr]


async def test_fsm_state_of_one_user_in_two_tenants_does_not_mix(harness: Harness) -> None:
    await harness.start()
    a, b = await harness.add_shop("Alpha"), await harness.add_shop("Beta")
    assert (await harness.say(a, USER, "/remember apples")).text == "remembered apples"
    assert (await harness.say(b, USER, "/remember bananas")).text == "remembered bananas"
    assert (await harness.say(a, USER, "/recall")).text == "recalled apples"
    assert (await harness.say(b, USER, "/recall")).text == "recalled bananas"


async def test_a_tenant_created_at_runtime_answers_and_stops_when_deactivated(
    harness: Harness,
) -> None:
    await harness.start()
    shop = await harness.add_shop("Late")  # created through the use case after start
    assert "Welcome to Late" in ((await harness.say(shop, USER, "/start", timeout=2.0)).text or "")

    await harness.container.deactivate_tenant()(shop.id)
    registry = harness.platform.runtime.registry  # type: ignore[union-attr]
    assert shop.id not in registry
    mark = harness.sim.mark()
    harness.sim.send_text(shop.token, USER, "/help")
    # nobody takes it: the poller is gone and the webhook deleted, so Telegram keeps it
    kept = [u for u in harness.sim.pending_updates(shop.token) if "message" in u]
    assert [u["message"]["text"] for u in kept] == ["/help"]
    assert [m for m in harness.sim.sent_messages(shop.token, USER) if m.seq > mark] == []

    await harness.container.activate_tenant()(shop.id)
    harness.sim.send_text(shop.token, USER, "/whoami")
    # polling mode also answers the /help Telegram kept while the bot was stopped
    await harness.sim.wait_for_message(
        shop.token, USER, predicate=lambda m: "admins only" in (m.text or "")
    )


async def test_a_deleted_tenant_is_gone_from_the_registry(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Doomed")
    await harness.say(shop, USER, "/start")
    await harness.container.delete_tenant()(shop.id)
    assert shop.id not in harness.platform.runtime.registry  # type: ignore[union-attr]


async def test_whoami_is_for_admins_only(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Admin", admins=(USER,))
    assert "Tenant #" in ((await harness.say(shop, USER, "/whoami")).text or "")
    assert "admins only" in ((await harness.say(shop, USER + 1, "/whoami")).text or "")


async def test_suspended_tenant_says_service_paused(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Paused")
    async with harness.container.uow().platform() as uow:
        tenant = await uow.tenants.get(shop.id)
        assert tenant is not None
        await uow.tenants.save(tenant.suspend(tenant.updated_at))
        await uow.commit()
    await harness.container.cache().invalidate(f"tenant:{shop.id}")
    await harness.container.events().publish(shop.id)
    reply = await harness.say(shop, USER, "/start")
    assert "paused" in (reply.text or "")


async def test_a_tenant_created_through_the_api_answers_within_two_seconds(
    harness: Harness,
) -> None:
    await harness.start()
    token = harness.new_token("api_made_bot")
    app = create_app(harness.container, manage_container=False)
    master_key = harness.container.settings().master_api_key
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),  # type: ignore[arg-type]
        base_url="http://fleet",
    ) as api:
        created = await api.post(
            "/api/v1/tenants",
            json={"name": "Via API", "telegram_token": token, "default_language": "en"},
            headers={"Authorization": f"Bearer {master_key}"},
        )
    assert created.status_code == 201, created.text
    started = time.monotonic()
    reply = await harness.say(token, USER, "/start", timeout=2.0)
    assert "Welcome to Via API" in (reply.text or "")
    assert time.monotonic() - started < 2.0
