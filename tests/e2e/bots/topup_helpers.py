"""Steps of the top-up journeys, played as users and admins against the Bot API simulator."""

from __future__ import annotations

import re

from src.application.tenancy.update_tenant import UpdateTenantInput
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.harness import Harness, Shop
from tests.support.top_ups import add_cards, enable

TRACKING = re.compile(r"C2C[0-9A-F]{16}")


async def card_shop(
    harness: Harness,
    name: str,
    admins: tuple[int, ...],
    chat: int,
    topic: int | None = None,
    cards: int = 2,
) -> Shop:
    """A shop with card_to_card on, `cards` cards and a (forum) admin chat for receipts."""
    shop = await harness.add_shop(name, admins=admins)
    harness.sim.add_chat(chat, "supergroup", f"{name} admins", is_forum=topic is not None)
    await harness.container.update_tenant()(
        UpdateTenantInput(shop.id, by_master=True, admin_chat_id=chat, receipts_topic_id=topic)
    )
    await enable(harness.container, shop.id, "card_to_card")
    await add_cards(harness.container, shop.id, cards)
    return shop


async def ask_card_top_up(harness: Harness, shop: Shop, user: int, amount: str) -> SentMessage:
    """/start -> Balance & top-up -> Card to card -> the amount: the card to pay."""
    menu = await harness.say(shop, user, "/start")
    methods = await harness.press(shop, user, menu, "Balance")
    prompt = await harness.press(shop, user, methods, "Card to card")
    assert "How much" in (prompt.text or "")
    return await harness.say(shop, user, amount)


async def send_receipt(
    harness: Harness, shop: Shop, user: int, kind: str = "text"
) -> tuple[str, SentMessage]:
    """Send a receipt of `kind` (photo, text, photo_caption); returns the tracking number
    the user is told and the receipt as it landed in the admin chat."""
    if kind == "text":
        harness.sim.send_text(shop.token, user, "bank ref 555-777")
    else:
        caption = "paid from Mellat" if kind == "photo_caption" else None
        harness.sim.send_photo(shop.token, user, caption)
    told = await harness.sim.wait_for_message(shop.token, user)
    found = TRACKING.search(told.text or "")
    assert found is not None, told.text
    posted = await harness.sim.wait_for_message(
        shop.token, None, predicate=lambda m: found.group() in (m.text or "") and m.chat_id < 0
    )
    return found.group(), posted


async def balance(harness: Harness, shop: Shop, user: int) -> int:
    async with harness.container.uow().for_tenant(shop.id) as uow:
        customer = await uow.users.by_telegram_id(user)
    assert customer is not None
    return customer.balance
