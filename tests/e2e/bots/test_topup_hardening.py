"""Card-to-card and top-up hardening end to end (issue #10, items 8, 10, 13): real aiogram
over HTTP against the Bot API simulator, real PostgreSQL, polling and webhook mode.

Cases considered (tested when they apply):
- several receipt messages of one user in one batch, handled concurrently: one payment;
- an album (one media_group_id): one receipt, one reply; a later message: "already";
- a receipt that reaches no admin (400 chat not found): the user hears the truth;
  the admin's /start brings it with working buttons, then the menu as usual;
- a non-admin's /start shows no receipts (isolation: covered by the use-case tests);
- a shortfall below the method's minimum: the raise is explained, not silent;
- an amount with extra decimals ("700.555"): rounded half up, said so, accepted;
- a Stars amount that is not a whole number of Stars: the rounding is explained.
"""

from __future__ import annotations

import re

from dependency_injector import providers

from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.payments.card_payment import CardPaymentStatus
from src.core.shop.plan import PlanTerms
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.e2e.bots.topup_helpers import TRACKING, ask_card_top_up, balance, card_shop
from tests.support.top_ups import add_cards, enable

USER, OTHER_USER, ADMIN = 613_001, 613_002, 923_001
CHAT = -100_700_101


def replies_after(harness: Harness, shop: Shop, user: int, after: SentMessage) -> list[str]:
    return [
        m.text or ""
        for m in harness.sim.sent_messages(shop.token, user)
        if m.message_id > after.message_id
    ]


async def pending(harness: Harness, shop: Shop) -> int:
    page = await harness.container.list_card_payments()(shop.id, CardPaymentStatus.PENDING)
    return page.total


async def test_receipts_in_one_batch_and_an_album_are_one_payment_each(harness: Harness) -> None:
    """Item 8: three receipt messages in one batch made three pending payments."""
    await harness.start()
    shop = await card_shop(harness, "Batch", (ADMIN,), CHAT)
    offer = await ask_card_top_up(harness, shop, USER, "500")
    for i in range(3):  # enqueued together: one getUpdates batch, handled concurrently
        harness.sim.send_text(shop.token, USER, f"bank ref {i}")

    async def three_replies() -> bool:
        return len(replies_after(harness, shop, USER, offer)) >= 3

    await harness.eventually(three_replies)
    replies = replies_after(harness, shop, USER, offer)
    assert sum("Receipt received" in r for r in replies) == 1
    assert sum("already recorded" in r for r in replies) == 2
    assert len({m.group() for r in replies if (m := TRACKING.search(r))}) == 1
    assert await pending(harness, shop) == 1
    posted = [m for m in harness.sim.sent_messages(shop.token, CHAT) if m.buttons]
    assert len(posted) == 1

    offer = await ask_card_top_up(harness, shop, OTHER_USER, "600")
    for i in range(3):
        caption = "album of the transfer" if i == 0 else None
        harness.sim.send_photo(shop.token, OTHER_USER, caption, media_group_id="album-1")
    first = await harness.sim.wait_for_message(shop.token, OTHER_USER)
    assert "Receipt received" in (first.text or "")
    later = await harness.say(shop, OTHER_USER, "did you get it?")  # the positive signal
    assert "already recorded" in (later.text or "")
    assert replies_after(harness, shop, OTHER_USER, offer) == [first.text, later.text]
    assert await pending(harness, shop) == 2


async def test_a_receipt_no_admin_could_see_waits_for_the_admins_start(
    harness: Harness,
) -> None:
    """Item 10: no admin chat and the only admin never started the bot (400 chat not
    found): the user was told "an admin will check it soon" and the receipt was lost."""
    await harness.start()
    shop = await harness.add_shop("Lonely", admins=(ADMIN,))
    await enable(harness.container, shop.id, "card_to_card")
    await add_cards(harness.container, shop.id, 1)
    await ask_card_top_up(harness, shop, USER, "500")
    told = await harness.say(shop, USER, "bank ref 42")
    assert "No admin of this shop could be reached yet" in (told.text or "")
    assert "will check it soon" not in (told.text or "")
    found = TRACKING.search(told.text or "")
    assert found is not None

    waiting = await harness.say(shop, ADMIN, "/start")
    assert "1 receipt waits for your review" in (waiting.text or "")
    receipt = await harness.sim.wait_for_message(shop.token, ADMIN)
    assert found.group() in (receipt.text or "")
    assert labels(receipt) == ["✅ Approve", "❌ Reject", "ℹ️ Details"]
    menu = await harness.sim.wait_for_message(shop.token, ADMIN)  # then /start as usual
    assert "Balance" in " ".join(labels(menu))
    approve = harness.sim.press_button(
        shop.token, ADMIN, receipt.message_id, receipt.button_data("Approve")
    )
    assert "500.00 RUB credited" in (
        (await harness.sim.wait_callback_answer(shop.token, approve)).text or ""
    )
    assert await balance(harness, shop, USER) == 50_000
    again = await harness.say(shop, ADMIN, "/start")  # shown once: now just the menu
    assert "wait for your review" not in (again.text or "")


async def test_amounts_that_change_say_why(harness: Harness) -> None:
    """Item 13: a 150.00 shortfall silently became a 500.00 transfer, "700.555" got "must
    be from 500.00 to 100,000.00", a Stars top-up of 200 became "201.00" unexplained."""
    clock = harness.container.clock()
    harness.container.panel.override(providers.Object(InMemoryVpnPanel(now=clock.now)))
    await harness.start()
    shop = await card_shop(harness, "Amounts", (ADMIN,), CHAT)
    c = harness.container
    await enable(c, shop.id, "card_to_card", min_amount=50_000, max_amount=10_000_000)
    terms = PlanTerms(name="Week", period_days=7, price=15_000, traffic_gb=10, device_limit=1)
    await c.create_plan()(CreatePlanInput(shop.id, terms))

    menu = await harness.say(shop, USER, "/start")
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Week")
    short = await harness.press(shop, USER, details, "Buy for")
    methods = await harness.press(shop, USER, short, "Top up 150.00 RUB")
    why = await harness.press(shop, USER, methods, "Card to card")
    assert "150.00 RUB short" in (why.text or "") and "500.00 RUB" in (why.text or "")
    offer = await harness.sim.wait_for_message(shop.token, USER)
    assert "Transfer exactly 500.00 RUB" in (offer.text or "")

    rounded = await ask_card_top_up(harness, shop, OTHER_USER, "700.555")
    assert "700.555 is rounded to 700.56 RUB" in (rounded.text or "")
    offer = await harness.sim.wait_for_message(shop.token, OTHER_USER)
    assert "Transfer exactly 700.56 RUB" in (offer.text or "")

    await enable(c, shop.id, "telegram_stars")
    await c.set_config_value()(SetConfigInput(shop.id, "stars_rate", 300, True))
    menu = await harness.say(shop, OTHER_USER, "/start")
    methods = await harness.press(shop, OTHER_USER, menu, "Balance")
    await harness.press(shop, OTHER_USER, methods, "Telegram Stars")
    explained = await harness.say(shop, OTHER_USER, "200")
    text = explained.text or ""
    assert "one Star is 3.00 RUB" in text and "66.67 Stars" in text
    assert "67 Stars" in text and "201.00 RUB will be added" in text
    invoice = await harness.sim.wait_for_message(shop.token, OTHER_USER)
    assert invoice.invoice is not None and invoice.invoice["total_amount"] == 67
    assert re.search(r"201\.00", invoice.invoice["title"])
