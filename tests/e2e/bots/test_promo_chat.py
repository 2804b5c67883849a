"""Promo codes in the chat (issue #14 item 2): each kind end to end over the Bot API
and panel simulators with real PostgreSQL.

Cases considered: a code typed in another case; a wrong code keeps the question
open; a command leaves the flow; a discount code shown on the next purchase's
debit; a days code extending the current subscription on the panel; a foreign
tenant's code refused; the ledger invariant after the journey.
"""

from __future__ import annotations

from datetime import timedelta

from src.core.growth.promo import PromoKind, PromoTerms
from src.core.shop.ledger import LedgerKind
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.e2e.bots.harness import Harness, Shop
from tests.e2e.bots.test_shop_journey import USER, fund, open_shop
from tests.support.doubles import either_panel
from tests.support.top_ups import enable


async def promo_shop(harness: Harness, name: str) -> Shop:
    shop, _ = await open_shop(harness, name)
    await enable(harness.container, shop.id, "promo_codes")
    return shop


async def enter(harness: Harness, shop: Shop, code: str) -> str:
    menu = await harness.say(shop, USER, "/start")
    prompt = await harness.press(shop, USER, menu, "Promo code")
    assert "Send your promo code" in (prompt.text or "")
    return (await harness.say(shop, USER, code)).text or ""


async def test_each_kind_of_promo_code_in_the_chat(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop = await promo_shop(harness, "Promo")
    other = await promo_shop(harness, "Elsewhere")
    create = harness.container.create_promo_code()
    await create(shop.id, PromoTerms("GIFT", PromoKind.BALANCE, 25_000))
    await create(shop.id, PromoTerms("HALF", PromoKind.DISCOUNT, 50))
    await create(shop.id, PromoTerms("WEEK", PromoKind.DAYS, 7))
    await create(other.id, PromoTerms("THEIRS", PromoKind.BALANCE, 99_000))

    wrong = await enter(harness, shop, "theirs")
    assert "does not exist" in wrong
    again = (await harness.say(shop, USER, "gift")).text or ""  # still asked after a miss
    assert "250.00 RUB was added" in again, again

    assert "50% off" in await enter(harness, shop, "Half")
    await fund(harness, shop, 1)  # 250.01 RUB: enough for 500.00 RUB at half price only
    menu = await harness.say(shop, USER, "/start")
    plans = await harness.press(shop, USER, menu, "Buy")
    details = await harness.press(shop, USER, plans, "Month")
    done = await harness.press(shop, USER, details, "Buy for")
    assert "Done!" in (done.text or ""), done.text

    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
        assert user is not None
        sub = await uow.subscriptions.of_user(user.id)
        rows = await uow.ledger.entries(user.id, limit=20, offset=0)
    assert sub is not None
    assert [(e.kind, e.amount) for e in reversed(rows)] == [
        (LedgerKind.PROMO, 25_000),
        (LedgerKind.TOP_UP, 1),
        (LedgerKind.PURCHASE, -25_000),
    ]
    assert user.balance == 1 == sum(e.amount for e in rows)

    added = await enter(harness, shop, "week")
    want = sub.expires_at + timedelta(days=7)
    assert f"until {want:%B} {want.day}, {want.year}" in added, added
    panel_user = await either_panel(harness.container).get_user_by_username(f"t{shop.id}_{USER}")
    assert panel_user is not None and panel_user.expire_at == want

    assert "already used" in await enter(harness, shop, "WEEK")
    menu = await harness.say(shop, USER, "/start")
    prompt = await harness.press(shop, USER, menu, "Promo code")
    assert "Send your promo code" in (prompt.text or "")
    left = await harness.say(shop, USER, "/start")  # a command leaves the flow
    assert "Balance" in (left.text or "") or left.buttons
