"""The referral program end to end (issue #14 item 1): real aiogram over the Bot API
simulator, real PostgreSQL. A chain of three users joins through referral links; the
bonuses are percent × source to the minor unit; the same top-up approved twice and
the same Stars payment delivered twice pay one bonus; self-referral is refused.

Cases considered: two admins pressing Approve at once (one credit, one bonus); a
stale Approve pressed later; the same successful_payment delivered twice; the
referrer's own link sent back to the bot; the referrer told once per bonus; the
ledger invariant (balance == sum of rows) for every user after the journey.
"""

from __future__ import annotations

import asyncio

from src.application.tenancy.config import SetConfigInput
from src.core.payments.stars import StarsPayload
from src.core.shop.ledger import LedgerKind
from tests.e2e.bots.harness import Harness, Shop
from tests.e2e.bots.topup_helpers import ask_card_top_up, balance, card_shop, send_receipt
from tests.support.shop import assert_ledger_invariant
from tests.support.top_ups import enable

A, B, C, ADMIN, SECOND_ADMIN = 613_001, 613_002, 613_003, 923_001, 923_002
CHAT = -100_713_001


async def referral_shop(harness: Harness) -> Shop:
    shop = await card_shop(harness, "Friends", (ADMIN, SECOND_ADMIN), CHAT)
    await enable(harness.container, shop.id, "referral_program", percent=7)
    await enable(harness.container, shop.id, "telegram_stars", min_amount=100)
    await harness.container.set_config_value()(SetConfigInput(shop.id, "stars_rate", 1, True))
    return shop


async def referral_link(harness: Harness, shop: Shop, user: int) -> tuple[str, str]:
    """/start -> Referrals: the link and the screen's text."""
    menu = await harness.say(shop, user, "/start")
    screen = await harness.press(shop, user, menu, "Referrals")
    text = screen.text or ""
    link = next(word for word in text.split() if word.startswith("https://t.me/"))
    return link, text


async def bonus_rows(harness: Harness, shop: Shop, user: int) -> list[int]:
    async with harness.container.uow().for_tenant(shop.id) as uow:
        found = await uow.users.by_telegram_id(user)
        assert found is not None
        rows = await uow.ledger.entries(found.id, limit=100, offset=0)
    return [e.amount for e in reversed(rows) if e.kind is LedgerKind.REFERRAL_BONUS]


async def test_a_chain_of_three_earns_once_per_source(harness: Harness) -> None:
    await harness.start()
    shop = await referral_shop(harness)
    link_a, _ = await referral_link(harness, shop, A)
    assert link_a.startswith(f"https://t.me/{shop.tenant.username}?start=ref_")
    payload_a = link_a.partition("?start=")[2]
    await harness.say(shop, B, f"/start {payload_a}")
    link_b, _ = await referral_link(harness, shop, B)
    await harness.say(shop, C, f"/start {link_b.partition('?start=')[2]}")
    await harness.say(shop, A, f"/start {payload_a}")  # own link: nothing happens

    # C tops up 123.45 by card; two admins approve at the same moment, once more later
    await ask_card_top_up(harness, shop, C, "123.45")
    _, posted = await send_receipt(harness, shop, C)
    data = posted.button_data("Approve")
    presses = [
        harness.sim.press_button(shop.token, admin, posted.message_id, data, chat_id=CHAT)
        for admin in (ADMIN, SECOND_ADMIN)
    ]
    await asyncio.gather(*(harness.sim.wait_callback_answer(shop.token, p) for p in presses))
    late = harness.sim.press_button(
        shop.token, ADMIN, posted.message_id, data, chat_id=CHAT, force=True
    )
    await harness.sim.wait_callback_answer(shop.token, late)
    told = await harness.sim.wait_for_message(
        shop.token, B, predicate=lambda m: "Referral bonus" in (m.text or "")
    )
    assert "8.64 RUB" in (told.text or "")  # 7% of 123.45 = 8.6415, rounded down

    # B pays 50.01 in Stars; Telegram delivers the payment twice
    payload = StarsPayload.offer(B, 5_001, 1, 0).encode()
    for _ in range(2):
        harness.sim.send_successful_payment(
            shop.token, B, "XTR", 5_001, payload, telegram_payment_charge_id="ref-stx"
        )
    await harness.sim.wait_for_message(
        shop.token, A, predicate=lambda m: "Referral bonus" in (m.text or "")
    )
    await harness.eventually(lambda: _drained(harness, shop))

    assert await bonus_rows(harness, shop, B) == [864]
    assert await bonus_rows(harness, shop, A) == [350]  # 7% of 50.01; nothing from C
    assert await bonus_rows(harness, shop, C) == []
    assert await balance(harness, shop, B) == 5_001 + 864
    bonus_notes = [
        m for m in harness.sim.sent_messages(shop.token, A) if "Referral bonus" in (m.text or "")
    ]
    assert len(bonus_notes) == 1
    _, screen = await referral_link(harness, shop, A)
    assert "Invited: 1" in screen and "Paid: 1" in screen and "Earned: 3.50 RUB" in screen
    await assert_ledger_invariant(harness.container, shop.id)


async def _drained(harness: Harness, shop: Shop) -> bool:
    return not harness.sim.pending_updates(shop.token)
