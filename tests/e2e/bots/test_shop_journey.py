"""The shop end to end: real aiogram over HTTP against the Bot API simulator, the panel
simulator over HTTP (Remnawave 3.x), real PostgreSQL. Every journey runs in polling
and webhook mode."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.billing.settings import GIB
from src.core.shop.plan import PlanTerms
from src.core.shop.user import panel_tag, panel_username
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.support.doubles import either_panel, frozen_clock
from tests.support.shop import credit

USER = 610_001


async def open_shop(harness: Harness, name: str = "Nova", **plan: int) -> tuple[Shop, str]:
    shop = await harness.add_shop(name)
    c = harness.container
    fields: dict[str, Any] = {
        "name": "Month",
        "period_days": 30,
        "price": 50_000,
        "traffic_gb": 40,
        "device_limit": 2,
        **plan,
    }
    terms = PlanTerms(**fields)
    await c.create_plan()(CreatePlanInput(shop.id, terms))
    squad = (await either_panel(c).list_squads())[0][0]
    await c.set_config_value()(SetConfigInput(shop.id, "panel_squads", [squad], True))
    return shop, squad


async def fund(harness: Harness, shop: Shop, amount: int) -> None:
    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None
    await credit(harness.container, shop.tenant, user.id, amount)


async def test_journey_start_menu_buy_provision_view_extend(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, squad = await open_shop(harness)
    c = harness.container

    menu = await harness.say(shop, USER, "/start")
    assert "Welcome to Nova" in (menu.text or "")
    assert labels(menu) == [
        "🛒 Buy / Renew",
        "📄 My subscription",
        "🎁 Free trial",
        "💰 Balance & top-up",
        "✓ English",  # first contact: the languages, the default marked (docs/shop.md)
        "فارسی",
        "Русский",
    ]
    await fund(harness, shop, 120_000)

    plans = await harness.press(shop, USER, menu, "Buy")
    details = await harness.press(shop, USER, plans, "Month")
    assert "Price: 500.00 RUB" in (details.text or "")
    done = await harness.press(shop, USER, details, "Buy for")
    assert "Done!" in (done.text or "")

    username = panel_username(shop.id, USER)
    [panel_user] = [u for u in panel_sim.users() if u.username == username]
    now = c.clock().now()
    assert panel_user.tag == panel_tag(shop.id)
    assert panel_user.telegram_id == USER
    assert panel_user.traffic_limit_bytes == 40 * GIB
    assert panel_user.hwid_device_limit == 2
    assert [s.uuid for s in panel_user.active_internal_squads] == [squad]
    assert abs(panel_user.expire_at - (now + timedelta(days=30))) < timedelta(seconds=1)
    assert panel_user.subscription_url in (done.text or "")

    menu = await harness.say(shop, USER, "/start")
    view = await harness.press(shop, USER, menu, "My subscription")
    assert panel_user.subscription_url in (view.text or "")
    assert "active" in (view.text or "")
    assert "(30 days left)" in (view.text or "")  # counted on the platform clock

    menu = await harness.say(shop, USER, "/start")
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    await harness.press(shop, USER, details, "Buy for")
    [extended] = [u for u in panel_sim.users() if u.username == username]
    assert abs(extended.expire_at - (now + timedelta(days=60))) < timedelta(seconds=1)

    menu = await harness.say(shop, USER, "/start")
    assert "🎁 Free trial" not in labels(menu)  # a customer: the trial is for new users


async def test_not_enough_balance_shows_the_missing_amount(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness)
    menu = await harness.say(shop, USER, "/start")
    await fund(harness, shop, 12_345)
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    refused = await harness.press(shop, USER, details, "Buy for")
    assert "Missing: 376.55 RUB" in (refused.text or "")
    assert "Top up 376.55 RUB" in " ".join(labels(refused))
    assert panel_sim.users() == []


async def test_panel_down_during_purchase_then_the_subscription_appears(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness)
    menu = await harness.say(shop, USER, "/start")
    await fund(harness, shop, 50_000)
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    panel_sim.fail_all(503)
    activating = await harness.press(shop, USER, details, "Buy for")
    assert "being activated" in (activating.text or "")
    assert panel_sim.users() == []

    panel_sim.recover()
    frozen_clock(harness.container).advance(timedelta(minutes=11))
    await harness.container.drain_provisioning()()
    note = await harness.sim.wait_for_message(shop.token, USER)
    assert "subscription is active" in (note.text or "")
    assert [u.username for u in panel_sim.users()] == [panel_username(shop.id, USER)]


async def test_same_telegram_user_in_two_tenants(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    a, _ = await open_shop(harness, "Alpha")
    b, _ = await open_shop(harness, "Beta")
    for shop in (a, b):
        menu = await harness.say(shop, USER, "/start")
        await fund(harness, shop, 50_000)
        details = await harness.press(
            shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month"
        )
        await harness.press(shop, USER, details, "Buy for")
    names = sorted(u.username for u in panel_sim.users())
    assert names == sorted([panel_username(a.id, USER), panel_username(b.id, USER)])
