"""Users imported from a Bedolaga database (docs/import.md) use the shop like any other:
real aiogram against the Bot API simulator, the panel simulator seeded with the
panel user the old bot had made, real PostgreSQL (polling and webhook).

Cases considered: a linked user sees their imported subscription and renews it on
the same panel user (never a second one, now with the tenant's tag); an imported
user without a subscription buys one with the imported balance; the opening balance
is what the bot shows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from src.application.importing.import_bedolaga import ImportBedolagaInput
from src.application.ports.vpn_panel import NewPanelUser
from src.core.shop.user import panel_tag, panel_username
from src.infrastructure.importing.bedolaga_source import SqlBedolagaSource
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.e2e.bots.harness import Harness
from tests.e2e.bots.test_shop_journey import open_shop
from tests.support.bedolaga import RecordingProgress, bedolaga_database
from tests.support.doubles import either_panel

LINKED, NEW = 620_001, 620_002


async def test_imported_users_see_renew_and_buy_subscriptions(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness)  # Month: 30 days for 500.00
    c = harness.container
    now = c.clock().now()
    old = await either_panel(c).create_user(
        NewPanelUser("bedolaga_620001", now + timedelta(days=10), telegram_id=LINKED)
    )
    async with bedolaga_database(0, now) as url:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO users (id, telegram_id, first_name, language, balance_kopeks,"
                    " referral_code) VALUES (1, :a, 'Анна', 'en', 60000, 'r1'),"
                    " (2, :b, 'Bob', 'en', 50000, 'r2')"
                ),
                {"a": LINKED, "b": NEW},
            )
            await conn.execute(
                text(
                    "INSERT INTO subscriptions (user_id, status, is_trial, end_date,"
                    " traffic_limit_gb, device_limit, subscription_url, remnawave_id,"
                    " remnawave_short_id) VALUES (1, 'active', false, :end, 40, 2, :url, :p, 'x')"
                ),
                {"end": old.expire_at, "url": old.subscription_url, "p": old.id},
            )
        await engine.dispose()
        source = SqlBedolagaSource(url)
        try:
            report = await c.import_bedolaga()(
                ImportBedolagaInput(shop.id), source, RecordingProgress()
            )
        finally:
            await source.close()
    assert not report.mismatches and report.entities["users"].imported == 2

    menu = await harness.say(shop, LINKED, "/start")
    view = await harness.press(shop, LINKED, menu, "My subscription")
    assert old.subscription_url in (view.text or "")
    assert "(10 days left)" in (view.text or "")

    menu = await harness.say(shop, LINKED, "/start")
    details = await harness.press(
        shop, LINKED, await harness.press(shop, LINKED, menu, "Buy"), "Month"
    )
    done = await harness.press(shop, LINKED, details, "Buy for")
    assert "Done!" in (done.text or "")
    [renewed] = [u for u in panel_sim.users() if u.telegram_id == LINKED]
    assert renewed.id == old.id  # the old bot's panel user, never a second one
    assert renewed.tag == panel_tag(shop.id)
    assert abs(renewed.expire_at - (now + timedelta(days=40))) < timedelta(seconds=1)

    menu = await harness.say(shop, LINKED, "/start")
    balance = await harness.press(shop, LINKED, menu, "Balance")
    assert "100.00 RUB" in (balance.text or "")  # 600.00 imported - 500.00

    menu = await harness.say(shop, NEW, "/start")
    details = await harness.press(shop, NEW, await harness.press(shop, NEW, menu, "Buy"), "Month")
    done = await harness.press(shop, NEW, details, "Buy for")
    assert "Done!" in (done.text or "")
    assert panel_username(shop.id, NEW) in {u.username for u in panel_sim.users()}
    menu = await harness.say(shop, NEW, "/start")
    view = await harness.press(shop, NEW, menu, "My subscription")
    assert "(30 days left)" in (view.text or "")
