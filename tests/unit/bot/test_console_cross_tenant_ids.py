"""An admin of tenant A, in A's own bot, pressing every tenant console callback with the
ids of tenant B's objects (docs/tenant-console.md): the tenant is the bot that received
the press, so B's plan, card, payment, user, promo code and ticket are not found from A.

Cases considered: every console action (enumerated from the handlers' source) with each
of B's ids, then a typed step answer; what A's admin is shown never holds B's data (a
plan's name, a user's id, a code); nothing of B changes and B's audit stays empty. The
same Telegram user being an admin of both bots is covered by the FSM key (bot id): a
conversation started in A's bot is not continued in B's.
"""

from __future__ import annotations

from src.application.growth.promo_codes import FLAG as PROMO_FLAG
from src.application.shop.create_plan import CreatePlanInput
from src.application.support.tickets import FLAG as TICKETS_FLAG
from src.application.support.tickets import WriteInput
from src.core.shop.plan import PlanTerms
from src.core.support.ticket import TicketContent
from src.infrastructure.container import Container
from src.interfaces.bot.views.tenant_console import cb
from tests.support.botfeed import FeedBot, RecordingSession, Sent, feed_bot
from tests.support.top_ups import add_cards, enable, pending_payment
from tests.unit.bot.test_tenant_console_admins_broadcasts import (
    audit_actions,
    every_console_action,
    menu,
)

A_ADMIN, B_ADMIN, BOTH = 840_001, 840_002, 840_003
B_USER = 840_777_001


async def test_a_s_admin_pressing_b_s_ids_in_a_s_bot_sees_and_changes_nothing_of_b(
    memory_container: Container,
) -> None:
    c = memory_container
    a = await feed_bot(c, "Alpha", admin_ids=(A_ADMIN, BOTH))
    b = await feed_bot(c, "Beta", admin_ids=(B_ADMIN, BOTH))
    for shop in (a, b):
        await enable(c, shop.tenant.id, "card_to_card")
        await enable(c, shop.tenant.id, TICKETS_FLAG)
        await enable(c, shop.tenant.id, PROMO_FLAG)
        await add_cards(c, shop.tenant.id, 1)
    plan = await c.create_plan()(
        CreatePlanInput(b.tenant.id, PlanTerms(name="BetaSecretPlan", period_days=30, price=1))
    )
    await b.say(B_USER, "/start")
    payment = await pending_payment(c, b.tenant, B_USER, 50_000)
    [card] = await c.list_payment_cards()(b.tenant.id)
    ticket = await c.write_ticket()(
        WriteInput(b.tenant, B_USER, None, TicketContent("beta ticket", None, None))
    )
    async with c.uow().for_tenant(b.tenant.id) as uow:
        user = await uow.users.by_telegram_id(B_USER)
    assert user is not None
    ids = {plan.id, payment.id, card.id, user.id, ticket.ticket.id, B_USER}
    actions = every_console_action()
    await menu(a, A_ADMIN)
    on = Sent(A_ADMIN, 1, "", None)
    shown: list[Sent] = []
    for action in sorted(actions):
        for i in sorted(ids):
            shown += await a.press_data(A_ADMIN, on, cb(action, i))
            shown += await a.say(A_ADMIN, "12345")
    for s in shown:
        for secret in ("BetaSecretPlan", str(B_USER), "beta ticket", payment.tracking_number):
            assert secret not in s.text, (secret, s.text)
            assert not [label for label, _ in s.buttons if secret in label], (secret, s.buttons)
    assert await audit_actions(c, b) == []
    assert (await c.list_plans()(b.tenant.id)) == [plan]
    assert (await c.list_payment_cards()(b.tenant.id)) == [card]
    async with c.uow().for_tenant(b.tenant.id) as uow:
        stored = await uow.card_payments.get(payment.id)
        after = await uow.users.by_telegram_id(B_USER)
    assert stored is not None and stored.pending
    assert after is not None and after.balance == 0 and not after.blocked
    # the admin of both starts a step in A's bot, then types in B's bot: B's bot
    # does not continue A's conversation
    assert isinstance(b.bot.session, RecordingSession)
    # one Dispatcher and FSM storage for both bots, as the runtime has them
    b_on_a = FeedBot(a.dp, b.bot, b.bot.session, b.tenant, b._updates)
    assert await b_on_a.say(BOTH, "/admin")  # B's console answers in B's bot
    await a.press(BOTH, await menu(a, BOTH), "Users")
    answered = await b_on_a.say(BOTH, str(B_USER))
    assert not [s for s in answered if "Found" in s.text]
    [found] = await a.say(BOTH, str(B_USER))  # A's step is still A's, and finds no B user
    assert "Found: 0" in found.text or "No user" in found.text or "found" in found.text
