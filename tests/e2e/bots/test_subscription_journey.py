"""First contact and the subscription screen end to end (issue #14 items 4 and 5): real
aiogram over the Bot API simulator, the panel simulator over HTTP, real PostgreSQL;
each journey in polling and webhook mode.

Journey: a new user arrives through a referral link, sees the languages on the first
/start (the shop's default marked), picks Russian, then English from the menu's
language button (the referral survives the choices), writes
free text (the short help answers), asks /help, buys, opens "My subscription" (the
link, the traffic bar, the history), gets the QR code as a photo (downloaded from the
simulator and decoded back to the link), a connect guide, and renews through the same
confirmation; the panel's expiry moves by the period; the ledger invariant holds for
every user. Hostile cases: a photo and an album outside any flow, several messages in
one batch, a command no handler takes (silence, checked after `settled`); the panel
sending a huge traffic number, then down (503): the screen shows what it knows and the
QR code comes from the stored link.
"""

from __future__ import annotations

from datetime import timedelta

from src.core.shop.user import panel_username
from src.interfaces.bot.i18n import t
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.e2e.bots.test_shop_journey import open_shop
from tests.support.qr import decode_qr
from tests.support.shop import assert_ledger_invariant, credit
from tests.support.top_ups import enable

REFERRER, USER = 614_001, 614_002


async def fund(harness: Harness, shop: Shop, telegram_id: int, amount: int) -> None:
    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
    assert user is not None
    await credit(harness.container, shop.tenant, user.id, amount)


async def test_first_contact_then_the_subscription_screen(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness, "Orbit")
    c = harness.container
    await enable(c, shop.id, "referral_program")
    await harness.say(shop, REFERRER, "/start")
    async with c.uow().for_tenant(shop.id) as uow:
        referrer = await uow.users.by_telegram_id(REFERRER)
    assert referrer is not None

    first = await harness.say(shop, USER, f"/start ref_{referrer.referral_code}")
    assert t("en", "start.choose_language") in (first.text or "")
    assert labels(first)[-3:] == ["✓ English", "فارسی", "Русский"]
    menu = await harness.press(shop, USER, first, "Русский")
    assert t("ru", "menu.buy") in labels(menu)
    menu = await harness.press(shop, USER, menu, t("ru", "menu.language"))
    menu = await harness.press(shop, USER, menu, "English")
    assert t("en", "menu.buy") in labels(menu)
    async with c.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None and user.language == "en" and user.referred_by == referrer.id

    helped = await harness.say(shop, USER, "how do I connect?")
    assert helped.text == t("en", "help.fallback")
    assert labels(helped) == [t("en", "help.menu")]
    listed = await harness.say(shop, USER, "/help")
    assert t("en", "help.line_referrals") in (listed.text or "")

    await fund(harness, shop, USER, 120_000)
    plans = await harness.press(shop, USER, menu, "Buy")
    details = await harness.press(shop, USER, plans, "Month")
    done = await harness.press(shop, USER, details, "Buy for")
    assert "Done!" in (done.text or "")
    [panel_user] = [u for u in panel_sim.users() if u.username == panel_username(shop.id, USER)]
    link = panel_user.subscription_url

    menu = await harness.say(shop, USER, "/start")
    screen = await harness.press(shop, USER, menu, "My subscription")
    text = screen.text or ""
    assert link in text and "Traffic: 0.00 GB of 40.00 GB\n▱▱▱▱▱▱▱▱▱▱ 0%" in text
    history = text.split("Last balance movements:\n")[1].splitlines()
    assert [line.split("  ")[1:] for line in history] == [
        ["-500.00 RUB", "purchase"],
        ["+1,200.00 RUB", "top-up"],
    ]

    since = harness.sim.mark()
    harness.sim.press_button(shop.token, USER, screen.message_id, screen.button_data("QR code"))
    photo = await harness.sim.wait_for_message(
        shop.token, USER, predicate=lambda m: m.photo, since=since
    )
    assert decode_qr(photo_bytes(harness, photo)) == [link]
    assert link in str(photo.message.get("caption"))

    guide = await harness.press(shop, USER, screen, "Android")
    assert "v2rayNG" in (guide.text or "") and link in (guide.text or "")
    screen = await harness.press(shop, USER, guide, "Back")
    assert "Status: active" in (screen.text or "")

    expiry = panel_user.expire_at
    details = await harness.press(shop, USER, screen, "Renew")
    renewed = await harness.press(shop, USER, details, "Buy for")
    assert "Done!" in (renewed.text or "")
    [after] = [u for u in panel_sim.users() if u.username == panel_username(shop.id, USER)]
    assert abs(after.expire_at - (expiry + timedelta(days=30))) < timedelta(seconds=1)

    menu = await harness.say(shop, USER, "/start")
    screen = await harness.press(shop, USER, menu, "My subscription")
    history = (screen.text or "").split("Last balance movements:\n")[1].splitlines()
    assert [line.split("  ")[2] for line in history] == ["purchase", "purchase", "top-up"]
    assert "Balance: 200.00 RUB" in ((await harness.say(shop, USER, "/start")).text or "")
    await assert_ledger_invariant(c, shop.id)


async def test_messages_outside_any_flow_are_answered_and_commands_are_not(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness, "Quiet")
    await harness.say(shop, USER, "/start")
    since = harness.sim.mark()
    harness.sim.send_photo(shop.token, USER)
    for _ in range(3):  # an album: one update per photo, one help
        harness.sim.send_photo(shop.token, USER, media_group_id="album-1")
    for n in range(3):  # several messages in one batch
        harness.sim.send_text(shop.token, USER, f"hello {n}")
    harness.sim.send_text(shop.token, USER, "/nosuchcommand")
    await harness.settled(shop)
    replies = [m for m in harness.sim.sent_messages(shop.token, USER) if m.seq > since]
    assert [m.text for m in replies] == [t("en", "help.fallback")] * 5
    await assert_ledger_invariant(harness.container, shop.id)


def photo_bytes(harness: Harness, message: SentMessage) -> bytes:
    sizes = message.message["photo"]
    content = harness.sim.file_content(sizes[-1]["file_id"])
    assert content is not None
    return content


async def test_the_screen_with_the_panel_down_and_huge_traffic(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness, "Storm")
    menu = await harness.say(shop, USER, "/start")
    await fund(harness, shop, USER, 50_000)
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    await harness.press(shop, USER, details, "Buy for")
    [panel_user] = [u for u in panel_sim.users() if u.username == panel_username(shop.id, USER)]

    panel_sim.add_traffic(panel_user.id, 10**15)  # 931,322 GiB of a 40 GiB plan
    menu = await harness.say(shop, USER, "/start")
    screen = await harness.press(shop, USER, menu, "My subscription")
    assert "Traffic: 931,322.57 GB of 40.00 GB\n▰▰▰▰▰▰▰▰▰▰ >999%" in (screen.text or "")

    panel_sim.fail_all(503)
    try:
        menu = await harness.say(shop, USER, "/start")
        screen = await harness.press(shop, USER, menu, "My subscription")
        text = screen.text or ""
        assert "Traffic: — of 40.00 GB" in text and panel_user.subscription_url in text
        assert t("en", "shop.panel_slow") in text and "-500.00 RUB  purchase" in text
        since = harness.sim.mark()
        harness.sim.press_button(shop.token, USER, screen.message_id, screen.button_data("QR"))
        photo = await harness.sim.wait_for_message(
            shop.token, USER, predicate=lambda m: m.photo, since=since
        )
        assert decode_qr(photo_bytes(harness, photo)) == [panel_user.subscription_url]
    finally:
        panel_sim.recover()
    await assert_ledger_invariant(harness.container, shop.id)
