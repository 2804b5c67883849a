"""The tenant console's admins screen, today's card selections and forged presses of
every console callback (docs/tenant-console.md), in the fast bot tier.

Cases considered:
- admin ids edited by an existing tenant admin (tenant console) and by a master admin
  (the master console's tenant card); each change audited `tenant.admins`;
- at most 20 admins, ids within int64 (the console, creation and the API alike);
- the last admin cannot be removed (by anyone), an admin cannot remove themselves;
  a removed admin's /admin is an unknown command at once;
- a typed id that is not one ("abc", NUL, a 40-digit number, 0): refused, the step
  stays open and the next good id is taken; a forged remove of an id past int64;
- the Cards screen counts today's selections per card (one query), not yesterday's;
- the broadcast composer (it needs PostgreSQL): tests/integration/test_broadcast_composer.py;
- forged presses of EVERY console callback (enumerated from the handlers' source) by a
  user of the tenant and by an admin of another tenant: nothing changes, no console
  screen is shown.
Not applicable: money (nothing here moves any).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.tenant_admins import TenantAdminChange, TooManyTenantAdmins
from src.core.broadcasts import Audience
from src.core.errors import ValidationError
from src.core.shop.plan import PlanTerms
from src.core.tenancy.tenant import MAX_TENANT_ADMINS, check_admin_ids
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.interfaces.bot.console_callbacks import ConsoleCb as MasterCb
from src.interfaces.bot.handlers.tenant_console import AudienceCb, BroadcastCb
from src.interfaces.bot.views.tenant_console import cb
from tests.support.botfeed import FeedBot, Sent, feed_bot
from tests.support.top_ups import add_cards, enable, pending_payment
from tests.unit.bot.test_master_console import ADMIN as MASTER_ADMIN
from tests.unit.bot.test_master_console import console as master_and_shop
from tests.unit.bot.test_master_console import open_card

ADMIN, SECOND, NEW, OTHER_ADMIN = 820_001, 820_002, 820_003, 820_901
USER = 830_001
HANDLERS = Path("src/interfaces/bot/handlers")


async def shop_console(c: Container) -> FeedBot:
    shop = await feed_bot(c, "Alpha", admin_ids=(ADMIN, SECOND))
    await enable(c, shop.tenant.id, "card_to_card")
    await add_cards(c, shop.tenant.id, 2)
    return shop


async def menu(shop: FeedBot, admin: int = ADMIN) -> Sent:
    return next(s for s in await shop.say(admin, "/admin") if "admin console" in s.text)


async def admin_ids(c: Container, shop: FeedBot) -> tuple[int, ...]:
    return (await c.get_tenant()(shop.tenant.id)).admin_ids


async def audit_actions(c: Container, shop: FeedBot) -> list[str]:
    return [e.action for e in (await c.list_audit()(shop.tenant.id)).items]


# --- admins --------------------------------------------------------------------------


async def test_tenant_admins_edit_their_admins(memory_container: Container) -> None:
    c = memory_container
    shop = await shop_console(c)
    [screen] = await shop.press(ADMIN, await menu(shop), "Admins")
    assert str(ADMIN) in screen.text and str(SECOND) in screen.text
    await shop.press(ADMIN, screen, "Add an admin")
    for bad in ("abc", "1\x002", "9" * 40, "0"):
        [refused] = await shop.say(ADMIN, bad)  # refused; the step stays open
        assert "whole number" in refused.text or "Not accepted" in refused.text, bad
    [added] = await shop.say(ADMIN, str(NEW))
    assert str(NEW) in added.text
    assert await admin_ids(c, shop) == (ADMIN, SECOND, NEW)
    assert await menu(shop, NEW)  # the new admin's /admin works at once
    # an admin cannot remove themselves; another admin can
    await shop.press_data(NEW, added, cb("ad_rm", NEW))
    assert "can't remove yourself" in shop.session.alerts[-1]
    [after] = await shop.press_data(SECOND, added, cb("ad_rm", NEW))
    assert str(NEW) not in after.text
    assert not [s for s in await shop.say(NEW, "/admin") if "admin console" in s.text]
    await shop.press_data(SECOND, after, cb("ad_rm", ADMIN))
    assert await admin_ids(c, shop) == (SECOND,)
    # the last admin stays (self-removal is refused first; the master gets "last admin")
    await shop.press_data(SECOND, after, cb("ad_rm", SECOND))
    assert await admin_ids(c, shop) == (SECOND,)
    assert await audit_actions(c, shop) == ["tenant.admins"] * 3


async def test_a_master_admin_edits_a_tenants_admins_from_its_card(
    memory_container: Container,
) -> None:
    master, shop = await master_and_shop(memory_container)
    card = await open_card(master, shop.tenant.id)
    [screen] = await master.press(MASTER_ADMIN, card, "Admins")
    assert str(MASTER_ADMIN + 5) in screen.text
    await master.press(MASTER_ADMIN, screen, "Add")
    [added] = await master.say(MASTER_ADMIN, "900777")
    assert "900777" in added.text
    [fewer] = await master.press(MASTER_ADMIN, added, f"✖ {MASTER_ADMIN + 5}")
    assert str(MASTER_ADMIN + 5) not in fewer.text
    assert await master.press(MASTER_ADMIN, fewer, "✖ 900777") == []  # the last one
    assert "at least one admin" in master.session.alerts[-1]
    forged = MasterCb(action="tadm_rm", tenant_id=shop.tenant.id, arg="9" * 30).pack()
    await master.press_data(MASTER_ADMIN, fewer, forged)  # past int64: refused
    tenant = await memory_container.get_tenant()(shop.tenant.id)
    assert tenant.admin_ids == (900777,)
    actions = [e.action for e in (await memory_container.list_audit()(shop.tenant.id)).items]
    assert actions == ["tenant.admins"] * 2


async def test_admin_ids_are_bounded_everywhere(memory_container: Container) -> None:
    c = memory_container
    shop = await shop_console(c)
    for n in range(18):  # 2 + 18 = the most a shop may have
        await c.tenant_admins()(TenantAdminChange(shop.tenant.id, 900_000 + n, True, "tg:1"))
    with pytest.raises(TooManyTenantAdmins):
        await c.tenant_admins()(TenantAdminChange(shop.tenant.id, 901_000, True, "tg:1"))
    with pytest.raises(ValidationError):
        await c.tenant_admins()(TenantAdminChange(shop.tenant.id, 2**63, True, "tg:1"))
    with pytest.raises(ValidationError):  # the same bounds at creation and on the API
        check_admin_ids(list(range(1, MAX_TENANT_ADMINS + 2)))
    with pytest.raises(ValidationError):
        check_admin_ids([2**63])
    assert len(await admin_ids(c, shop)) == MAX_TENANT_ADMINS


# --- cards: today's selections ---------------------------------------------------------


async def test_cards_show_todays_selections_per_card(
    memory_container: Container, clock: FrozenClock
) -> None:
    c = memory_container
    shop = await shop_console(c)
    await shop.say(USER, "/start")
    await pending_payment(c, shop.tenant, USER, 50_000)  # yesterday's: not counted
    clock.advance(timedelta(days=1))
    payments = [await pending_payment(c, shop.tenant, USER, 60_000 + i) for i in range(2)]
    counts: dict[int, int] = {}
    for p in payments:
        assert p.card_id is not None
        counts[p.card_id] = counts.get(p.card_id, 0) + 1
    [cards] = await shop.press(ADMIN, await menu(shop), "Cards")
    assert "selected today: 2" in cards.text
    for card_id, n in counts.items():
        label = next(label for label, data in cards.buttons if data == cb("cd_open", card_id))
        assert label.endswith(f"· {n}")
        [opened] = await shop.press_data(ADMIN, cards, cb("cd_open", card_id))
        assert f"Selected today: {n}" in opened.text


# --- forged presses of every console callback ----------------------------------------------


def every_console_action() -> set[str]:
    found: set[str] = set()
    for path in [*HANDLERS.glob("console_*.py"), HANDLERS / "tenant_console.py"]:
        source = path.read_text()
        found |= set(re.findall(r'F\.action == "([^"]+)"', source))
        for group in re.findall(r"F\.action\.in_\(\{([^}]*)\}\)", source):
            found |= set(re.findall(r'"([^"]+)"', group))
    return found


async def test_every_console_callback_forged_changes_nothing(memory_container: Container) -> None:
    c = memory_container
    shop = await shop_console(c)
    other = await feed_bot(c, "Beta", admin_ids=(OTHER_ADMIN,))
    plan = await c.create_plan()(
        CreatePlanInput(shop.tenant.id, PlanTerms(name="Month", period_days=30, price=50_000))
    )
    await shop.say(USER, "/start")
    payment = await pending_payment(c, shop.tenant, USER, 50_000)
    cards = await c.list_payment_cards()(shop.tenant.id)
    actions = every_console_action()
    assert {"rc_ok!", "us_adj!", "pl_act", "cd_rot!", "ad_rm", "bc_go", "bc_skip"} <= actions
    forged = [cb(a, i) for a in sorted(actions) for i in (0, payment.id, plan.id, ADMIN)]
    forged += [
        AudienceCb(audience=Audience.ALL).pack(),
        BroadcastCb(action="cancel", broadcast_id=1).pack(),
    ]
    on = Sent(USER, 1, "", None)
    for presser in (USER, OTHER_ADMIN):
        for data in forged:
            shown = await shop.press_data(presser, on, data)
            assert not [s for s in shown if "console" in s.text.lower()], data
        await shop.say(presser, "12345")  # no conversation was started for them
    assert not [s for s in await other.say(ADMIN, "/admin") if "admin console" in s.text]
    assert await admin_ids(c, shop) == (ADMIN, SECOND)
    assert await audit_actions(c, shop) == []
    assert (await c.list_plans()(shop.tenant.id)) == [plan]
    assert (await c.list_payment_cards()(shop.tenant.id)) == cards
    async with c.uow().for_tenant(shop.tenant.id) as uow:
        stored = await uow.card_payments.get(payment.id)
        user = await uow.users.by_telegram_id(USER)
    assert stored is not None and stored.pending
    assert user is not None and user.balance == 0 and not user.blocked
