"""The tenant console's screens in the fast bot tier (docs/tenant-console.md): what the
admin sees after each press, on the real Dispatcher with in-memory adapters.

Cases considered: the console deciding a payment while the API decides it (exactly one
decision); a payment decided by another admin between opening and confirming (shown as
already decided, nothing credited twice); a reason typed for one payment and another
payment's confirmation pressed (the reason is not carried over); the confirmation
pressed twice (one decision); a typed number that is not one (a polite ask again); a
card number failing Luhn (refused before anything is stored); a plan moved past the
top (nothing written); forged callbacks by a user of the tenant and by an admin of
another tenant (nothing changes: the console's routers sit behind the admin filter);
ids past int64 in the data (no handler matches). Every change is audited `tg:<id>`.
Not applicable here: albums and batches (the console reads typed text only).
"""

from __future__ import annotations

import asyncio

from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.application.shop.create_plan import CreatePlanInput
from src.core.audit import AuditEntry
from src.core.payments.card_payment import (
    CardPayment,
    CardPaymentDecided,
    CardPaymentStatus,
    Receipt,
)
from src.core.shop.plan import PlanTerms
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from tests.support.botfeed import FeedBot, Sent, feed_bot
from tests.support.doubles import memory_messenger
from tests.support.top_ups import add_cards, card_numbers, enable, pending_payment

ADMIN, SECOND, OTHER_ADMIN = 800_001, 800_002, 800_901
USER, USER2 = 810_001, 810_002


async def console(c: Container, name: str = "Alpha") -> FeedBot:
    shop = await feed_bot(c, name, admin_ids=(ADMIN, SECOND))
    await enable(c, shop.tenant.id, "card_to_card")
    await add_cards(c, shop.tenant.id, 1)
    return shop


async def paid(
    c: Container, shop: FeedBot, telegram_id: int, amount: int, **kw: object
) -> CardPayment:
    await shop.say(telegram_id, "/start")
    return await pending_payment(c, shop.tenant, telegram_id, amount, **kw)  # type: ignore[arg-type]


async def open_menu(shop: FeedBot, admin: int = ADMIN) -> Sent:
    sent = await shop.say(admin, "/admin")
    return next(s for s in sent if "admin console" in s.text)


async def balance(c: Container, tenant: Tenant, telegram_id: int) -> int:
    async with c.uow().for_tenant(tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
    assert user is not None
    return user.balance


async def audit(c: Container, tenant: Tenant) -> list[AuditEntry]:
    return list((await c.list_audit()(tenant.id)).items)


async def status(c: Container, tenant: Tenant, payment_id: int) -> CardPaymentStatus:
    async with c.uow().for_tenant(tenant.id) as uow:
        payment = await uow.card_payments.get(payment_id)
    assert payment is not None
    return payment.status


# --- receipts --------------------------------------------------------------------------


async def test_receipts_oldest_first_with_the_photo_and_a_confirmed_approval(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    first = await paid(c, shop, USER, 70_000, receipt=Receipt(photo_file_id="PHOTO-1"))
    second = await paid(c, shop, USER2, 30_000)
    menu = await open_menu(shop)
    [screen] = await shop.press(ADMIN, menu, "Receipts")
    assert "2 receipt(s)" in screen.text
    assert first.tracking_number in screen.buttons[0][0]  # oldest first
    assert second.tracking_number in screen.buttons[1][0]
    [card] = await shop.press(ADMIN, screen, first.tracking_number)
    assert any(getattr(call, "photo", None) == "PHOTO-1" for call in shop.session.calls)
    assert first.tracking_number in card.text and "Approve" in card.buttons[0][0]
    [confirm] = await shop.press(ADMIN, card, "Approve")
    assert (
        "credit" in confirm.text
        and await status(c, shop.tenant, first.id) is CardPaymentStatus.PENDING
    )
    yes = confirm.button("Yes, approve")
    [done] = await shop.press_data(ADMIN, confirm, yes)
    assert "Approved" in done.text and await balance(c, shop.tenant, USER) == 70_000
    await shop.press_data(ADMIN, confirm, yes)  # the confirmation pressed again
    assert "already approved" in shop.session.alerts[-1]
    assert await balance(c, shop.tenant, USER) == 70_000
    [row] = [a for a in await audit(c, shop.tenant) if a.action == "card_payment.decide"]
    assert (row.actor, row.target, row.after) == (
        f"tg:{ADMIN}",
        f"card_payment:{first.id}",
        "approved",
    )


async def test_reject_with_a_reason_the_user_reads(memory_container: Container) -> None:
    c = memory_container
    shop = await console(c)
    payment = await paid(c, shop, USER, 40_000)
    other = await paid(c, shop, USER2, 20_000)
    menu = await open_menu(shop)
    [screen] = await shop.press(ADMIN, menu, "Receipts")
    [card] = await shop.press(ADMIN, screen, payment.tracking_number)
    [_ask] = await shop.press(ADMIN, card, "Reject")
    [confirm] = await shop.say(ADMIN, "amount differs from the receipt")
    assert "amount differs" in confirm.text
    # the reason belongs to this payment: another payment's reject confirmation gets none
    from src.interfaces.bot.views.tenant_console import cb

    await shop.press_data(ADMIN, confirm, cb("rc_no!", other.id))
    assert await status(c, shop.tenant, other.id) is CardPaymentStatus.REJECTED
    assert not any("amount differs" in m for m in memory_messenger(c).to(USER2))
    await shop.press(ADMIN, screen, payment.tracking_number)
    [card] = [s for s in shop.session.sent if payment.tracking_number in s.text][-1:]
    await shop.press(ADMIN, card, "Reject")
    [confirm] = await shop.say(ADMIN, "amount differs from the receipt")
    await shop.press(ADMIN, confirm, "Yes, reject")
    assert await status(c, shop.tenant, payment.id) is CardPaymentStatus.REJECTED
    assert any("amount differs" in m for m in memory_messenger(c).to(USER))
    assert await balance(c, shop.tenant, USER) == 0


async def test_console_and_api_deciding_at_once_make_exactly_one_decision(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    for api_approves in (True, False):
        payment = await paid(c, shop, USER, 50_000)
        before = await balance(c, shop.tenant, USER)
        menu = await open_menu(shop)
        [screen] = await shop.press(ADMIN, menu, "Receipts")
        [card] = await shop.press(ADMIN, screen, payment.tracking_number)
        [confirm] = await shop.press(ADMIN, card, "Approve")
        api = DecisionInput(shop.tenant.id, payment.id, api_approves, Decider(api="tenant"))
        alerts = len(shop.session.alerts)
        results = await asyncio.gather(
            shop.press(ADMIN, confirm, "Yes, approve"),
            c.decide_card_payment()(api),
            return_exceptions=True,
        )
        api_lost = isinstance(results[1], CardPaymentDecided)
        console_lost = any("already" in a for a in shop.session.alerts[alerts:])
        assert api_lost != console_lost  # exactly one of the two decided
        decided = [
            a for a in await audit(c, shop.tenant) if a.target == f"card_payment:{payment.id}"
        ]
        assert len(decided) == 1
        credited = await balance(c, shop.tenant, USER) - before
        approved = await status(c, shop.tenant, payment.id) is CardPaymentStatus.APPROVED
        assert credited == (50_000 if approved else 0)


async def test_a_payment_decided_by_another_admin_is_shown_as_such(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    payment = await paid(c, shop, USER, 50_000)
    menu = await open_menu(shop)
    [screen] = await shop.press(ADMIN, menu, "Receipts")
    [card] = await shop.press(ADMIN, screen, payment.tracking_number)
    [confirm] = await shop.press(ADMIN, card, "Approve")
    rival = DecisionInput(shop.tenant.id, payment.id, False, Decider(telegram_id=SECOND))
    await c.decide_card_payment()(rival)
    await shop.press(ADMIN, confirm, "Yes, approve")
    assert shop.session.alerts[-1] == "This payment is already rejected."
    assert await balance(c, shop.tenant, USER) == 0
    [again] = await shop.press(ADMIN, screen, payment.tracking_number)
    assert "Rejected by" in again.text and not any("Approve" in b for b, _ in again.buttons)


async def test_opening_the_console_offers_receipts_no_admin_saw(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    payment = await paid(c, shop, USER, 50_000)  # no admin chat: nobody was shown it
    await open_menu(shop)
    desk = c.receipt_desk()
    assert isinstance(desk, InMemoryReceiptDesk)
    assert any(payment.tracking_number in p.text for p in desk.posted)


# --- plans -----------------------------------------------------------------------------


async def test_plans_create_edit_toggle_and_reorder(memory_container: Container) -> None:
    c = memory_container
    shop = await console(c)
    terms = PlanTerms(name="Month", period_days=30, price=50_000)
    await c.create_plan()(CreatePlanInput(shop.tenant.id, terms))
    menu = await open_menu(shop)
    [plans] = await shop.press(ADMIN, menu, "Plans")
    await shop.press(ADMIN, plans, "New plan")
    await shop.say(ADMIN, "Quarter")
    await shop.say(ADMIN, "ninety")  # not a number: asked again, nothing stored
    assert "whole number" in shop.session.sent[-1].text
    for answer in ("90", "120 000", "100", "3"):
        [reply] = await shop.say(ADMIN, answer)
    assert "Quarter" in reply.text and "Period: 90 days" in reply.text
    [_edit] = await shop.press(ADMIN, reply, "Price")
    [after] = await shop.say(ADMIN, "110000")
    [toggled] = await shop.press(ADMIN, after, "Deactivate")
    assert "inactive" in toggled.text
    [order] = await shop.press(ADMIN, toggled, "⬆️")
    assert "Quarter" in order.buttons[0][0] and "Month" in order.buttons[1][0]
    listed = await c.list_plans()(shop.tenant.id)
    assert [p.name for p in listed] == ["Quarter", "Month"]
    quarter = listed[0].terms
    assert (quarter.price, quarter.traffic_gb, quarter.device_limit, quarter.active) == (
        110_000,
        100,
        3,
        False,
    )
    await shop.press(ADMIN, order, "Quarter")
    top = [s for s in shop.session.sent if "Quarter (" in s.text][-1]
    await shop.press(ADMIN, top, "⬆️")  # already first: nothing written
    actions = [(a.action, a.actor) for a in await audit(c, shop.tenant)]
    assert sorted(a for a, _ in actions) == [
        "plan.create",
        "plan.move",
        "plan.update",
        "plan.update",
    ]
    assert {actor for _, actor in actions} == {f"tg:{ADMIN}"}


# --- cards -----------------------------------------------------------------------------


async def test_cards_add_luhn_checked_toggle_weight_and_strategy(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    menu = await open_menu(shop)
    [cards] = await shop.press(ADMIN, menu, "Cards")
    assert "6037 **** ****" in cards.buttons[0][0]
    await shop.press(ADMIN, cards, "Add a card")
    [refused] = await shop.say(ADMIN, "6037 9900 0000 0001")
    assert "not a valid card number" in refused.text
    number = card_numbers(1, base=603799111111111)[0]
    await shop.say(ADMIN, number)
    [added] = await shop.say(ADMIN, "Sara Ahmadi")
    assert f"{number[:4]} **** **** {number[-4:]}" in added.text and number not in added.text
    [off] = await shop.press(ADMIN, added, "Disable")
    assert "inactive" in off.text
    await shop.press(ADMIN, off, "Weight")
    [weighted] = await shop.say(ADMIN, "5")
    assert "Weight: 5" in weighted.text
    [listing] = await shop.press(ADMIN, weighted, "Back")
    [choices] = await shop.press(ADMIN, listing, "Rotation")
    [after] = await shop.press(ADMIN, choices, "weighted")
    assert "Rotation: weighted" in next(b for b, _ in after.buttons if "Rotation" in b)
    stored = {card.masked(): card for card in await c.list_payment_cards()(shop.tenant.id)}
    new = stored[f"{number[:4]} **** **** {number[-4:]}"].details
    assert (new.active, new.weight, new.holder_name) == (False, 5, "Sara Ahmadi")
    actions = sorted(a.action for a in await audit(c, shop.tenant))
    assert actions == ["card.add", "card.update", "card.update", "config.set"]


# --- rights ----------------------------------------------------------------------------


async def test_forged_console_callbacks_change_nothing(memory_container: Container) -> None:
    from src.interfaces.bot.views.tenant_console import cb

    c = memory_container
    shop = await console(c)
    other = await feed_bot(c, "Beta", admin_ids=(OTHER_ADMIN,))
    terms = PlanTerms(name="Month", period_days=30, price=50_000)
    await c.create_plan()(CreatePlanInput(shop.tenant.id, terms))
    [plan] = await c.list_plans()(shop.tenant.id)
    [card] = await c.list_payment_cards()(shop.tenant.id)
    payment = await paid(c, shop, USER, 50_000)
    # /admin is an unknown command for a user
    assert not [s for s in await shop.say(USER, "/admin") if "admin console" in s.text]
    assert not [s for s in await other.say(ADMIN, "/admin") if "admin console" in s.text]
    forged = [
        cb("rc_ok!", payment.id),
        cb("rc_no!", payment.id),
        cb("pl_act", plan.id),
        cb("pl_up", plan.id),
        cb("cd_act", card.id),
        cb("cd_rot!", page=0),
        cb("pl_new"),
        f"tc:pl_act:{2**70}:0",
        "tc:rc_ok!:-1:0",
    ]
    on = Sent(USER, 1, "", None)
    for presser in (USER, OTHER_ADMIN):
        for data in forged:
            await shop.press_data(presser, on, data)
        await shop.say(presser, "Hacked plan")  # no conversation was started for them
    assert await status(c, shop.tenant, payment.id) is CardPaymentStatus.PENDING
    assert (await c.list_plans()(shop.tenant.id)) == [plan]
    [after] = await c.list_payment_cards()(shop.tenant.id)
    assert after.details == card.details
    assert await audit(c, shop.tenant) == []
    assert await balance(c, shop.tenant, USER) == 0


# --- users -----------------------------------------------------------------------------


async def find(shop: FeedBot, query: str) -> Sent:
    menu = await open_menu(shop)
    await shop.press(ADMIN, menu, "Users")
    [found] = await shop.say(ADMIN, query)
    return found


async def test_users_search_card_and_an_adjustment_applied_once_per_confirmation(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    await shop.say(USER, "/start")
    await shop.say(USER2, "/start")
    for query in (str(USER), f"@user{USER}", f"user{USER}"):
        found = await find(shop, query)
        assert "Found: 1" in found.text and str(USER) in found.buttons[0][0]
    [card] = await shop.press(ADMIN, found, str(USER))
    assert "Balance: 0" in card.text and "No subscription" in card.text
    await shop.press(ADMIN, card, "Adjust balance")
    await shop.say(ADMIN, "-0")  # zero is no adjustment: asked again
    await shop.say(ADMIN, "25000")
    [confirm] = await shop.say(ADMIN, "refund for the outage")
    assert "refund for the outage" in confirm.text
    yes = confirm.button("Yes, apply")
    [after] = await shop.press_data(ADMIN, confirm, yes)
    await shop.press_data(ADMIN, confirm, yes)  # the same confirmation pressed again
    await asyncio.gather(*(shop.press_data(ADMIN, confirm, yes) for _ in range(3)))
    assert await balance(c, shop.tenant, USER) == 25_000
    assert "refund for the outage" in after.text
    rows = [a for a in await audit(c, shop.tenant) if a.action == "user.adjust_balance"]
    assert len(rows) == 1 and rows[0].actor == f"tg:{ADMIN}"
    # a new confirmation is a new adjustment
    await shop.press(ADMIN, after, "Adjust balance")
    await shop.say(ADMIN, "-5000")
    [again] = await shop.say(ADMIN, "correction")
    await shop.press(ADMIN, again, "Yes, apply")
    assert await balance(c, shop.tenant, USER) == 20_000


async def test_a_blocked_user_gets_one_polite_refusal_and_nothing_else(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    [menu] = await shop.say(USER, "/start")
    found = await find(shop, str(USER))
    [card] = await shop.press(ADMIN, found, str(USER))
    [blocked] = await shop.press(ADMIN, card, "Block")
    assert "Blocked" in blocked.text
    [refusal] = await shop.say(USER, "/start")
    assert "can't serve you" in refusal.text
    before = len(shop.session.sent)
    await shop.press(USER, menu, "Buy")
    assert len(shop.session.sent) == before and "can't serve you" in shop.session.alerts[-1]
    [other] = await shop.say(USER2, "/start")
    assert "Alpha" in other.text
    [unblocked] = await shop.press(ADMIN, blocked, "Unblock")
    assert "Blocked" not in unblocked.text
    [back_again] = await shop.say(USER, "/start")
    assert "Alpha" in back_again.text
    actions = [a.action for a in await audit(c, shop.tenant)]
    assert sorted(actions) == ["user.block", "user.unblock"]


# --- statistics and wallet (read only) ---------------------------------------------------


async def test_statistics_and_wallet_screens_read_only(memory_container: Container) -> None:
    c = memory_container
    shop = await console(c)
    payment = await paid(c, shop, USER, 70_000)
    await c.decide_card_payment()(
        DecisionInput(shop.tenant.id, payment.id, True, Decider(telegram_id=ADMIN))
    )
    menu = await open_menu(shop)
    [stats] = await shop.press(ADMIN, menu, "Statistics")
    assert "New users: 1 / 1 / 1" in stats.text and "c2c: 700.00" in stats.text
    assert "Trial → paid: 0 of 0 (0%)" in stats.text
    [wallet] = await shop.press(ADMIN, menu, "Wallet")
    assert "Balance:" in wallet.text and "Billing model:" in wallet.text
    assert [label for label, _ in wallet.buttons] == ["⬅️ Back"]
    before = await audit(c, shop.tenant)
    await shop.press_data(USER, menu, menu.button("Statistics"))  # a user: nothing shown
    assert not [s for s in shop.session.sent[-1:] if "Statistics" in s.text and s.chat_id == USER]
    assert await audit(c, shop.tenant) == before
