"""Adversarial pass over money: one external event from two channels at once, and the
ledger invariant after each race (every user's balance is the sum of their ledger rows).

Cases considered:
- a card-to-card payment approved by an admin's button and through the API at the
  same moment (below): one credit, one "approved" message, one decision naming who;
- the same Stars successful_payment delivered twice, concurrently
  (tests/unit/payments/test_stars.py) and Pay pressed twice in the web sandbox
  (tests/e2e/web/test_web_sandbox_api.py): held;
- two admins pressing Approve at once (tests/e2e/bots/test_topup_card.py), trial and
  purchase at once and a purchase pressed twice (tests/unit/shop/): held;
- the import run twice at once (tests/integration/test_import_bedolaga.py): held;
- the invariant itself: checked over every user of every tenant, as the platform
  reads the tables (not through a tenant's repositories, which RLS would narrow).
"""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.core.payments.card_payment import CardPaymentDecided, CardPaymentStatus
from tests.e2e.bots.harness import Harness
from tests.e2e.bots.topup_helpers import ask_card_top_up, balance, card_shop, send_receipt

USER, ADMIN, CHAT = 641_001, 941_001, -100_740_001

_DRIFT = text(
    """
    SELECT u.bot_id, u.id, u.balance, COALESCE(sum(l.amount), 0) AS posted
    FROM bot_users u LEFT JOIN user_ledger l ON l.bot_id = u.bot_id AND l.user_id = u.id
    GROUP BY u.bot_id, u.id, u.balance
    HAVING u.balance <> COALESCE(sum(l.amount), 0)
    """
)


async def ledger_drift(engine: AsyncEngine) -> list[tuple[int, ...]]:
    """Users whose balance is not the sum of their ledger rows (none, always)."""
    async with engine.connect() as conn:
        return [tuple(row) for row in (await conn.execute(_DRIFT)).all()]


async def test_an_admin_button_and_the_api_approving_at_once_credit_once(
    harness: Harness,
) -> None:
    await harness.start()
    shop = await card_shop(harness, "TwoChannels", (ADMIN,), CHAT)
    await ask_card_top_up(harness, shop, USER, "500")
    tracking, posted = await send_receipt(harness, shop, USER, "photo")
    [pending] = (await harness.container.list_card_payments()(shop.id)).items

    press = harness.sim.press_button(
        shop.token, ADMIN, posted.message_id, posted.button_data("Approve"), chat_id=CHAT
    )
    api = harness.container.decide_card_payment()(
        DecisionInput(shop.id, pending.id, approve=True, by=Decider(api="master"))
    )
    by_api, answer = await asyncio.gather(
        api, harness.sim.wait_callback_answer(shop.token, press), return_exceptions=True
    )

    assert not isinstance(answer, BaseException)
    api_won = not isinstance(by_api, BaseException)
    if api_won:
        assert "already approved" in (answer.text or "")
    else:
        assert isinstance(by_api, CardPaymentDecided) and "credited" in (answer.text or "")
    await harness.sim.wait_for_message(
        shop.token, USER, predicate=lambda m: tracking in (m.text or "")
    )
    assert await balance(harness, shop, USER) == 50_000
    notes = [m for m in harness.sim.sent_messages(shop.token, USER) if "approved" in (m.text or "")]
    assert len(notes) == 1
    [decided] = (await harness.container.list_card_payments()(shop.id)).items
    assert decided.status is CardPaymentStatus.APPROVED
    assert decided.decided_by == ("api:master" if api_won else f"tg:{ADMIN}")
    assert await ledger_drift(harness.container.engine()) == []
