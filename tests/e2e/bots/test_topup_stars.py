"""Telegram Stars top-ups end to end (PRODUCT 5.3): invoice in XTR, pre-checkout answered
in time, successful_payment credited once per telegram_payment_charge_id. Polling and
webhook mode."""

from __future__ import annotations

from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.core.payments.stars import StarsPayload
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.e2e.bots.topup_helpers import balance
from tests.support.top_ups import enable

USER = 612_001


async def stars_shop(harness: Harness) -> Shop:
    shop = await harness.add_shop("Stars")
    await enable(harness.container, shop.id, "telegram_stars")
    await harness.container.set_config_value()(SetConfigInput(shop.id, "stars_rate", 200, True))
    return shop


async def invoice_for(harness: Harness, shop: Shop, amount: str) -> StarsPayload:
    """/start -> Balance & top-up -> Telegram Stars -> the amount: the invoice sent."""
    menu = await harness.say(shop, USER, "/start")
    methods = await harness.press(shop, USER, menu, "Balance")
    assert labels(methods) == ["⭐ Telegram Stars", "⬅️ Back"]
    await harness.press(shop, USER, methods, "Telegram Stars")
    invoice = await harness.say(shop, USER, amount)
    if invoice.invoice is None:  # whole Stars cost more than asked: explained first
        assert "rounded up to" in (invoice.text or ""), invoice.text
        invoice = await harness.sim.wait_for_message(shop.token, USER)
    assert invoice.invoice is not None and invoice.invoice["currency"] == "XTR"
    [call] = harness.sim.calls(shop.token, "sendInvoice")
    payload = StarsPayload.parse(call.params["payload"])
    assert invoice.invoice["total_amount"] == payload.stars
    return payload


async def test_checkout_is_answered_and_a_double_delivery_credits_once(
    harness: Harness,
) -> None:
    await harness.start()
    shop = await stars_shop(harness)
    payload = await invoice_for(harness, shop, "101.01")
    assert (payload.stars, payload.credit) == (51, 10_200)  # ceil(10101 / 200) Stars

    query = harness.sim.send_pre_checkout_query(shop.token, USER, "XTR", 51, payload.encode())
    answer = await harness.sim.wait_pre_checkout_answer(query)
    assert answer.ok
    for _ in range(2):  # Telegram delivers the same payment twice
        harness.sim.send_successful_payment(
            shop.token, USER, "XTR", 51, payload.encode(), telegram_payment_charge_id="stx-1"
        )
    note = await harness.sim.wait_for_message(shop.token, USER)
    assert "51 Stars" in (note.text or "") and "102.00 RUB" in (note.text or "")
    await harness.settled(shop)  # both deliveries taken and handled
    assert await balance(harness, shop, USER) == 10_200
    credited = [
        m
        for m in harness.sim.sent_messages(shop.token, USER)
        if "Payment received" in (m.text or "")
    ]
    assert len(credited) == 1


async def test_a_pre_checkout_for_a_disabled_method_or_a_wrong_amount_is_declined(
    harness: Harness,
) -> None:
    await harness.start()
    shop = await stars_shop(harness)
    payload = await invoice_for(harness, shop, "100")
    wrong = harness.sim.send_pre_checkout_query(shop.token, USER, "XTR", 1, payload.encode())
    assert not (await harness.sim.wait_pre_checkout_answer(wrong)).ok
    await harness.container.set_feature()(SetFeatureInput(shop.id, "telegram_stars", False))
    query = harness.sim.send_pre_checkout_query(
        shop.token, USER, "XTR", payload.stars, payload.encode()
    )
    answer = await harness.sim.wait_pre_checkout_answer(query)
    assert not answer.ok and "cannot be accepted" in (answer.error_message or "")
    assert await balance(harness, shop, USER) == 0
