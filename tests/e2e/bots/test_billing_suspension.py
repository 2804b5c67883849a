"""Consumption billing pauses a shop and a master top-up resumes it, end to end: real
aiogram against the Bot API simulator, the panel simulator over HTTP (Remnawave 3.x),
real PostgreSQL. Runs in polling and webhook mode."""

from __future__ import annotations

from src.application.billing.top_up import TopUpInput
from src.application.billing.update_settings import WalletSettingsInput
from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.billing.settings import GIB, BillingModel
from src.core.shop.plan import PlanTerms
from src.core.shop.user import panel_username
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.harness import Harness, Shop
from tests.support.doubles import either_panel
from tests.support.shop import credit

USER, ADMIN = 620_001, 620_900


async def buy(harness: Harness, shop: Shop) -> SentMessage:
    menu = await harness.say(shop, USER, "/start")
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    return await harness.press(shop, USER, details, "Buy for")


async def test_consumption_billing_pauses_the_shop_and_a_master_top_up_resumes_it(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    c = harness.container
    shop = await harness.add_shop("Meter", admins=(ADMIN,))
    await c.create_plan()(
        CreatePlanInput(shop.id, PlanTerms("Month", 30, 50_000, traffic_gb=40, device_limit=2))
    )
    squad = (await either_panel(c).list_squads())[0][0]
    await c.set_config_value()(SetConfigInput(shop.id, "panel_squads", [squad], True))
    await c.update_wallet_settings()(
        WalletSettingsInput(shop.id, model=BillingModel.CONSUMPTION, rate_per_gb=100_00)
    )
    await c.top_up_wallet()(TopUpInput(shop.id, 300_00))
    await harness.say(shop, ADMIN, "/start")  # the admin has a chat with the shop's bot

    await harness.say(shop, USER, "/start")
    async with c.uow().for_tenant(shop.id) as uow:
        customer = await uow.users.by_telegram_id(USER)
    assert customer is not None
    await credit(c, shop.tenant, customer.id, 200_000)
    assert "Done!" in ((await buy(harness, shop)).text or "")  # consumption: free to sell

    [user] = [u for u in panel_sim.users() if u.username == panel_username(shop.id, USER)]
    panel_sim.add_traffic(user.id, 5 * GIB)  # 500.00 of traffic against a 300.00 wallet
    report = await c.bill_traffic()()
    assert (report.charged, report.suspended) == (500_00, 1)
    told = await harness.sim.wait_for_message(shop.token, ADMIN)
    assert "paused" in (told.text or "") and "-200.00 RUB" in (told.text or "")

    menu = await harness.say(shop, USER, "/start")
    assert "paused" in (menu.text or "")
    before = panel_sim.users()
    stale = await harness.sim.wait_for_message(
        shop.token, USER, predicate=lambda m: bool(m.buttons), since=0
    )  # a menu sent while the shop was open: its Buy button is refused
    update_id = harness.sim.press_button(shop.token, USER, stale.message_id, "m:buy", force=True)
    answer = await harness.sim.wait_callback_answer(shop.token, update_id)
    assert answer is not None and "paused" in (answer.text or "")
    assert panel_sim.users() == before
    async with c.uow().for_tenant(shop.id) as uow:
        assert (await uow.users.by_telegram_id(USER)).balance == 150_000  # type: ignore[union-attr]

    resumed = await c.top_up_wallet()(TopUpInput(shop.id, 500_00, "bank transfer"))
    assert resumed.view.tenant.status == "active"
    told = await harness.sim.wait_for_message(shop.token, ADMIN)
    assert "open again" in (told.text or "")
    assert "Done!" in ((await buy(harness, shop)).text or "")
