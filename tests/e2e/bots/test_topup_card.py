"""Card-to-card top-ups end to end (PRODUCT 5.1): real aiogram over HTTP against the Bot
API simulator, real PostgreSQL; the user in a private chat, the admins in the tenant's
forum admin chat. Every journey runs in polling and webhook mode."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from dependency_injector import providers

from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.payments.card_payment import CardPaymentStatus
from src.core.shop.plan import PlanTerms
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from tests.e2e.bots.harness import Harness, labels
from tests.e2e.bots.topup_helpers import (
    ask_card_top_up,
    balance,
    card_shop,
    send_receipt,
)
from tests.support.doubles import frozen_clock
from tests.support.top_ups import card_numbers, enable

USER, ADMIN, SECOND_ADMIN, STRANGER = 611_001, 921_001, 921_002, 611_999
CHAT, TOPIC = -100_700_001, 7


@pytest.mark.parametrize("kind", ["photo", "text", "photo_caption"])
async def test_card_journey_with_each_receipt_kind_approved_once(
    harness: Harness, kind: str
) -> None:
    await harness.start()
    shop = await card_shop(harness, "Cards", (ADMIN, SECOND_ADMIN), CHAT, TOPIC)
    menu = await harness.say(shop, USER, "/start")
    methods = await harness.press(shop, USER, menu, "Balance")
    assert labels(methods) == ["💳 Card to card", "⬅️ Back"]  # Stars is off: not listed
    prompt = await harness.press(shop, USER, methods, "Card to card")
    assert "from 100.00 RUB to 100,000.00 RUB" in (prompt.text or "")
    assert "not an amount" in ((await harness.say(shop, USER, "lots")).text or "")
    assert "must be from" in ((await harness.say(shop, USER, "99")).text or "")
    offer = await harness.say(shop, USER, "750")
    assert "750.00 RUB" in (offer.text or "")
    assert card_numbers(1)[0][:4] in (offer.text or "")  # the rotation's first card, in full

    tracking, posted = await send_receipt(harness, shop, USER, kind)
    assert (posted.chat_id, posted.message_thread_id) == (CHAT, TOPIC)
    assert posted.photo is (kind != "text")
    assert ("paid from Mellat" in (posted.text or "")) is (kind == "photo_caption")
    assert labels(posted) == ["✅ Approve", "❌ Reject", "ℹ️ Details"]

    details = harness.sim.press_button(
        shop.token, ADMIN, posted.message_id, posted.button_data("Details"), chat_id=CHAT
    )
    alert = await harness.sim.wait_callback_answer(shop.token, details)
    assert alert.show_alert and tracking in (alert.text or "") and "pending" in (alert.text or "")

    approve = harness.sim.press_button(
        shop.token, ADMIN, posted.message_id, posted.button_data("Approve"), chat_id=CHAT
    )
    answer = await harness.sim.wait_callback_answer(shop.token, approve)
    assert "750.00 RUB credited" in (answer.text or "")
    note = await harness.sim.wait_for_message(shop.token, USER)
    assert "approved" in (note.text or "") and tracking in (note.text or "")
    closed = harness.sim.last_message(shop.token, CHAT)
    assert closed is not None and closed.edited and closed.buttons == []
    assert "Approved by" in (closed.text or "")
    assert await balance(harness, shop, USER) == 75_000

    # the same button again (a stale message): refused, nothing credited twice
    again = harness.sim.press_button(
        shop.token,
        SECOND_ADMIN,
        posted.message_id,
        posted.button_data("Approve"),
        chat_id=CHAT,
        force=True,
    )
    assert "already approved" in (
        (await harness.sim.wait_callback_answer(shop.token, again)).text or ""
    )
    assert await balance(harness, shop, USER) == 75_000


async def test_reject_credits_nothing_and_tells_the_user(harness: Harness) -> None:
    await harness.start()
    shop = await card_shop(harness, "Rejects", (ADMIN,), CHAT)
    await ask_card_top_up(harness, shop, USER, "300")
    tracking, posted = await send_receipt(harness, shop, USER)
    assert posted.message_thread_id is None  # no receipts topic: the chat itself
    reject = harness.sim.press_button(
        shop.token, ADMIN, posted.message_id, posted.button_data("Reject"), chat_id=CHAT
    )
    await harness.sim.wait_callback_answer(shop.token, reject)
    note = await harness.sim.wait_for_message(shop.token, USER)
    assert "rejected" in (note.text or "") and tracking in (note.text or "")
    assert await balance(harness, shop, USER) == 0
    [card] = [c for c in await harness.container.list_payment_cards()(shop.id) if c.failure_count]
    assert (card.success_count, card.failure_count) == (0, 1)


async def test_two_admins_pressing_approve_at_the_same_moment_credit_once(
    harness: Harness,
) -> None:
    await harness.start()
    shop = await card_shop(harness, "Race", (ADMIN, SECOND_ADMIN), CHAT, TOPIC)
    await ask_card_top_up(harness, shop, USER, "500")
    _, posted = await send_receipt(harness, shop, USER, "photo")
    data = posted.button_data("Approve")
    presses = [
        harness.sim.press_button(shop.token, admin, posted.message_id, data, chat_id=CHAT)
        for admin in (ADMIN, SECOND_ADMIN)
    ]
    answers = await asyncio.gather(
        *(harness.sim.wait_callback_answer(shop.token, p) for p in presses)
    )
    texts = sorted(a.text or "" for a in answers)
    assert "credited" in texts[0] and "already approved" in texts[1]
    await harness.sim.wait_for_message(shop.token, USER)
    assert await balance(harness, shop, USER) == 50_000
    notes = [m for m in harness.sim.sent_messages(shop.token, USER) if "approved" in (m.text or "")]
    assert len(notes) == 1


async def test_non_admins_forged_presses_and_other_tenants_admins_are_refused(
    harness: Harness,
) -> None:
    await harness.start()
    shop = await card_shop(harness, "Mine", (ADMIN,), CHAT)
    other = await card_shop(harness, "Theirs", (STRANGER,), CHAT - 1)
    await ask_card_top_up(harness, shop, USER, "500")
    _, posted = await send_receipt(harness, shop, USER)
    data = posted.button_data("Approve")
    # a member of the admin chat who is not an admin of this shop (but is of another)
    refused = harness.sim.press_button(shop.token, STRANGER, posted.message_id, data, chat_id=CHAT)
    answer = await harness.sim.wait_callback_answer(shop.token, refused)
    assert answer.show_alert and "Only this shop's admins" in (answer.text or "")
    # the same data forged in a private chat with the shop's bot
    forged = harness.sim.press_button(shop.token, USER, 1, data, force=True)
    assert "Only this shop's admins" in (
        (await harness.sim.wait_callback_answer(shop.token, forged)).text or ""
    )
    # the other shop's admin sends this shop's payment id to the other shop's bot
    await harness.say(other, STRANGER, "/start")
    cross = harness.sim.press_button(other.token, STRANGER, 1, data, force=True)
    assert "not found" in ((await harness.sim.wait_callback_answer(other.token, cross)).text or "")
    assert await balance(harness, shop, USER) == 0
    [payment] = (await harness.container.list_card_payments()(shop.id)).items
    assert payment.status is CardPaymentStatus.PENDING


async def test_a_fourth_pending_payment_is_refused(harness: Harness) -> None:
    await harness.start()
    shop = await card_shop(harness, "Limits", (ADMIN,), CHAT)
    for _ in range(3):
        await ask_card_top_up(harness, shop, USER, "200")
        await send_receipt(harness, shop, USER)
    refused = await ask_card_top_up(harness, shop, USER, "200")
    assert "already have 3 top-ups waiting" in (refused.text or "")
    page = await harness.container.list_card_payments()(shop.id, CardPaymentStatus.PENDING)
    assert page.total == 3


async def test_a_pending_payment_expires_after_24_hours(harness: Harness) -> None:
    await harness.start()
    shop = await card_shop(harness, "Slow", (ADMIN,), CHAT)
    await ask_card_top_up(harness, shop, USER, "200")
    tracking, posted = await send_receipt(harness, shop, USER)
    clock = frozen_clock(harness.container)
    clock.advance(timedelta(hours=23, minutes=59))
    assert await harness.container.expire_card_payments()() == 0
    clock.advance(timedelta(minutes=1))
    assert await harness.container.expire_card_payments()() == 1
    note = await harness.sim.wait_for_message(shop.token, USER)
    assert "expired" in (note.text or "") and tracking in (note.text or "")
    closed = harness.sim.last_message(shop.token, CHAT)
    assert closed is not None and closed.buttons == [] and "Expired" in (closed.text or "")
    late = harness.sim.press_button(
        shop.token,
        ADMIN,
        posted.message_id,
        posted.button_data("Approve"),
        chat_id=CHAT,
        force=True,
    )
    answer = await harness.sim.wait_callback_answer(shop.token, late)
    assert "already expired" in (answer.text or "")
    assert await balance(harness, shop, USER) == 0


async def test_a_purchase_short_of_balance_tops_up_the_missing_amount_then_buys(
    harness: Harness,
) -> None:
    clock = frozen_clock(harness.container)
    panel = InMemoryVpnPanel(now=clock.now)
    harness.container.panel.override(providers.Object(panel))
    await harness.start()
    shop = await card_shop(harness, "Buy", (ADMIN,), CHAT)
    c = harness.container
    terms = PlanTerms(name="Month", period_days=30, price=50_000, traffic_gb=40, device_limit=2)
    await c.create_plan()(CreatePlanInput(shop.id, terms))
    squad = (await panel.list_squads())[0][0]
    await c.set_config_value()(SetConfigInput(shop.id, "panel_squads", [squad], True))
    await enable(c, shop.id, "telegram_stars")

    menu = await harness.say(shop, USER, "/start")
    plans = await harness.press(shop, USER, menu, "Buy")
    details = await harness.press(shop, USER, plans, "Month")
    short = await harness.press(shop, USER, details, "Buy for")
    assert "Missing: 500.00 RUB" in (short.text or "")
    methods = await harness.press(shop, USER, short, "Top up 500.00 RUB")
    assert "Top up 500.00 RUB to buy the plan" in (methods.text or "")
    assert labels(methods) == ["💳 Card to card", "⭐ Telegram Stars", "⬅️ Back"]
    offer = await harness.press(shop, USER, methods, "Card to card")  # no amount asked
    assert "Transfer exactly 500.00 RUB" in (offer.text or "")
    tracking, posted = await send_receipt(harness, shop, USER, "photo")
    approve = harness.sim.press_button(
        shop.token, ADMIN, posted.message_id, posted.button_data("Approve"), chat_id=CHAT
    )
    await harness.sim.wait_callback_answer(shop.token, approve)
    approved = await harness.sim.wait_for_message(shop.token, USER)
    assert tracking in (approved.text or "")
    bought = await harness.sim.wait_for_message(shop.token, USER)
    assert "Done!" in (bought.text or "")
    assert await balance(harness, shop, USER) == 0
    assert await panel.get_user_by_username(f"t{shop.id}_{USER}") is not None
