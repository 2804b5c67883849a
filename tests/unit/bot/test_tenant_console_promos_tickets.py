"""The tenant console's Promo codes and Support tickets screens, in the fast bot tier
(docs/tenant-console.md).

Cases considered:
- a code created by conversation (code → kind → value → max uses → valid until): each
  bad answer refused with the step left open (a code too short or with spaces, a value
  past its kind's range, 0 uses, a date that is not one, text where a button is asked);
  the code stored upper-case, the last valid day inclusive (stored as the next day's
  00:00 UTC); a user then redeems it through the shop's use case;
- a duplicate code (any case): refused at the end, nothing stored twice;
- unlimited uses and no end date (the skip buttons);
- deactivate pressed twice (the button carries the state it sets): one change, one
  audit row; activate again;
- delete behind a confirmation; the confirmation pressed again: "not found", nothing more;
- audit rows `promo.create`, `promo.update`, `promo.delete` with the admin as actor;
- forged presses by a user of the tenant and by an admin of another tenant (in this
  bot and in theirs) of every promo callback with the real code's id: nothing changes;
- Support tickets: the console lists the open tickets exactly as /tickets does; with
  the flag off, the screen says so (no refusal), and nothing is listed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from src.application.growth.promo_codes import FLAG as PROMO_FLAG
from src.application.support.tickets import FLAG as TICKETS_FLAG
from src.application.support.tickets import WriteInput
from src.core.support.ticket import TicketContent
from src.infrastructure.container import Container
from src.interfaces.bot.views.tenant_console import cb
from tests.support.botfeed import FeedBot, Sent, feed_bot
from tests.support.top_ups import enable
from tests.unit.bot.test_tenant_console_admins_broadcasts import (
    ADMIN,
    OTHER_ADMIN,
    USER,
    audit_actions,
    menu,
)


async def setup(c: Container) -> tuple[FeedBot, FeedBot]:
    shop = await feed_bot(c, "Alpha", admin_ids=(ADMIN,))
    other = await feed_bot(c, "Beta", admin_ids=(OTHER_ADMIN,))
    return shop, other


async def promos_screen(shop: FeedBot) -> Sent:
    [screen] = await shop.press(ADMIN, await menu(shop), "🎟 Promo codes")
    return screen


async def refused(shop: FeedBot, text: str) -> str:
    [answer] = await shop.say(ADMIN, text)
    return answer.text


async def test_create_a_code_by_conversation_then_a_user_redeems_it(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _ = await setup(c)
    screen = await promos_screen(shop)
    assert "Promo codes (0)" in screen.text
    [ask] = await shop.press(ADMIN, screen, "➕ New code")
    assert "3 to 32" in ask.text
    for bad in ("ab", "two words", "x" * 33, "a\x00bc"):
        assert "Not accepted" in await refused(shop, bad), bad
    [kinds] = await shop.say(ADMIN, "spring-26")
    assert "Not accepted" in await refused(shop, "days")  # a press is asked, not text
    [value] = await shop.press(ADMIN, kinds, "📅 Extra days")
    assert "3650" in value.text
    for bad in ("4000", "0", "-5", "seven"):
        answer = await refused(shop, bad)
        assert "Not accepted" in answer or "whole number" in answer, bad
    [uses] = await shop.say(ADMIN, "7")
    assert "Not accepted" in await refused(shop, "0")
    [until] = await shop.say(ADMIN, "100")
    for bad in ("2030-13-01", "31.01.2030", "soon"):
        assert "Not accepted" in await refused(shop, bad), bad
    [card] = await shop.say(ADMIN, "2030-01-31")
    assert "SPRING-26 (active)" in card.text
    assert "Used: 0 of 100" in card.text and "Valid through: 2030-01-31" in card.text
    [stored] = (await c.list_promo_codes()(shop.tenant.id, limit=10, offset=0)).items
    assert stored.terms.valid_until == datetime(2030, 2, 1, tzinfo=UTC)
    assert (stored.terms.kind.value, stored.terms.value, stored.terms.max_uses) == ("days", 7, 100)
    assert await audit_actions(c, shop) == ["promo.create"]
    del uses, until
    # a user redeems it through the shop (case-insensitive)
    await enable(c, shop.tenant.id, PROMO_FLAG)
    await shop.say(USER, "/start")
    redeemed = await c.redeem_promo_code()(shop.tenant, USER, "Spring-26")
    assert redeemed.value == 7


async def test_a_duplicate_code_unlimited_and_no_end(memory_container: Container) -> None:
    c = memory_container
    shop, _ = await setup(c)
    for attempt in range(2):
        [ask] = await shop.press(ADMIN, await promos_screen(shop), "➕ New code")
        [kinds] = await shop.say(ADMIN, "WELCOME" if attempt == 0 else "welcome")
        [value] = await shop.press(ADMIN, kinds, "💰 Balance credit")
        [uses] = await shop.say(ADMIN, "5000")
        [until] = await shop.press(ADMIN, uses, "♾ Unlimited")
        shown = await shop.press(ADMIN, until, "♾ No end date")
        if attempt == 0:
            assert "Used: 0 of ∞" in shown[0].text and "Valid through: ∞" in shown[0].text
        else:
            assert shown == [] and "already exists" in shop.session.alerts[-1]
        del ask, value
    assert (await c.list_promo_codes()(shop.tenant.id, limit=10, offset=0)).total == 1
    assert await audit_actions(c, shop) == ["promo.create"]


async def test_deactivate_twice_delete_once_forged_presses_change_nothing(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, other = await setup(c)
    [ask] = await shop.press(ADMIN, await promos_screen(shop), "➕ New code")
    [kinds] = await shop.say(ADMIN, "SALE10")
    [value] = await shop.press(ADMIN, kinds, "🏷 Percent discount")
    [uses] = await shop.say(ADMIN, "10")
    [until] = await shop.say(ADMIN, "50")
    [card] = await shop.press(ADMIN, until, "♾ No end date")
    [promo] = (await c.list_promo_codes()(shop.tenant.id, limit=10, offset=0)).items
    # forged presses of every promo callback with the real id: nothing changes
    forged = [cb(a, promo.id) for a in ("pr_off", "pr_on", "pr_del", "pr_del!", "pr_open")]
    forged += [cb("pr_new"), cb("pr_kind", 0), cb("pr_skip"), cb("pr")]
    for presser, bot in ((USER, shop), (OTHER_ADMIN, shop), (OTHER_ADMIN, other)):
        for data in forged:
            shown = await bot.press_data(presser, card, data)
            assert not [s for s in shown if "SALE10" in s.text or "Promo" in s.text], data
    assert await c.get_promo_code()(shop.tenant.id, promo.id) == promo
    # deactivate pressed twice: one change, one audit row
    [off] = await shop.press(ADMIN, card, "⛔ Deactivate")
    assert "SALE10 (inactive)" in off.text
    await shop.press_data(ADMIN, card, cb("pr_off", promo.id))
    assert not (await c.get_promo_code()(shop.tenant.id, promo.id)).terms.active
    [on] = await shop.press(ADMIN, off, "✅ Activate")
    assert "SALE10 (active)" in on.text
    [confirm] = await shop.press(ADMIN, on, "🗑 Delete")
    assert "Delete the code SALE10?" in confirm.text
    [listing] = await shop.press(ADMIN, confirm, "🗑 Delete")
    assert "Promo codes (0)" in listing.text
    assert await shop.press(ADMIN, confirm, "🗑 Delete") == []  # again: not found
    assert "Not found" in shop.session.alerts[-1]
    actions = await audit_actions(c, shop)
    assert sorted(actions) == sorted(
        ["promo.create", "promo.update", "promo.update", "promo.delete"]
    )
    del ask, value, uses


async def test_support_tickets_listed_in_the_console(memory_container: Container) -> None:
    c = memory_container
    shop, _ = await setup(c)
    [off] = await shop.press(ADMIN, await menu(shop), "💬 Support tickets")
    assert "switched off" in off.text
    await enable(c, shop.tenant.id, TICKETS_FLAG)
    await shop.say(USER, "/start")
    tenant = await c.get_tenant()(shop.tenant.id)
    written = await c.write_ticket()(WriteInput(tenant, USER, None, TicketContent("help", None)))
    [listed] = await shop.press(ADMIN, await menu(shop), "💬 Support tickets")
    [command] = [s for s in await shop.say(ADMIN, "/tickets") if "#" in s.text]
    assert f"#{written.ticket.id}" in listed.text and "Open tickets: 1" in listed.text
    assert listed.text == command.text  # the same list as /tickets
    # a user of the tenant pressing it: no list
    shown = await shop.press_data(USER, listed, cb("tk"))
    assert not [s for s in shown if "Open tickets" in s.text]
