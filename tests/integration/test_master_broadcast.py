"""The master console's broadcast to tenant admins, driven through the real Dispatcher
on PostgreSQL (the broadcast store is PostgreSQL's) (docs/master-console.md).

Cases considered:
- recipients are (tenant bot, admin chat) pairs: an admin of two tenants is messaged
  once through each tenant's bot; the admins of a stopped tenant (disabled, failed)
  through the master bot, once per admin however many stopped tenants they run; the
  master tenant's own admins are not "tenant admins";
- by status: only the chosen status's tenants; a status with no tenant: no Send button;
- the preview is the message exactly as admins get it, with the count;
- Send pressed twice: one broadcast (the second press is "out of date"), audited once
  as a platform row (no tenant);
- hostile text: too long (4,097), NUL, empty: refused, the step stays, the next good
  text is taken; forged `bc_to` with a status that is not one: refused, nothing stored;
- the progress message's Cancel of a platform broadcast is the master console's
  (`mc:bc_stop`): a tenant's Cancel button never reaches it, and a forged stop of an id
  that is not a platform broadcast (a tenant's) is refused, cancelling nothing;
- rights (forged presses by a stranger and by a tenant admin): tests/unit/bot/
  test_master_console.py enumerates every console action (tests/support/console.py).
Delivery across a restart and the 403 of an admin who never started a bot:
tests/e2e/bots/test_master_broadcast_delivery.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.notices import BroadcastProgress
from src.core.broadcasts import Audience, BroadcastMessage, BroadcastStatus
from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.interfaces.bot.console_callbacks import ConsoleCb
from src.interfaces.bot.views.notices import BotNoticeRenderer
from tests.support.botfeed import FeedBot, Sent
from tests.support.console import OUT_OF_DATE
from tests.support.factories import create_tenant
from tests.unit.bot.test_master_console import ADMIN, console

pytestmark = pytest.mark.integration

SHARED, A2, B2, STOPPED1, STOPPED2 = 910_001, 910_002, 910_003, 910_004, 910_005


async def setup(c: Container) -> tuple[FeedBot, FeedBot, TenantId, TenantId]:
    """Alpha (active: ADMIN+5), Beta (active: SHARED, B2), Gamma (suspended: SHARED, A2),
    Delta and Epsilon (disabled: STOPPED1, STOPPED2 / STOPPED1)."""
    master, alpha = await console(c)
    beta = (await create_tenant(c, "Beta", admin_ids=(SHARED, B2))).tenant
    gamma = (await create_tenant(c, "Gamma", admin_ids=(SHARED, A2))).tenant
    await c.suspend_tenant()(gamma.id, actor="tg:1")
    for name, admins in (("Delta", (STOPPED1, STOPPED2)), ("Epsilon", (STOPPED1,))):
        stopped = (await create_tenant(c, name, admin_ids=admins)).tenant
        await c.deactivate_tenant()(stopped.id, actor="tg:1")
    return master, alpha, beta.id, gamma.id


async def recipients(engine: AsyncEngine) -> list[tuple[int, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT bot_id, chat_id FROM broadcast_recipients ORDER BY seq")
        )
        return [(r[0], r[1]) for r in rows]


async def compose(master: FeedBot, status_label: str, message: str) -> tuple[Sent, Sent]:
    [home] = await master.say(ADMIN, "/admin")
    [audiences] = await master.press(ADMIN, home, "📣 Message tenant admins")
    await master.press(ADMIN, audiences, status_label)
    preview, summary = await master.say(ADMIN, message)
    return preview, summary


async def test_all_tenants_admins_each_through_their_bot_sent_once(
    sql_container: Container, clean_db: AsyncEngine
) -> None:
    c = sql_container
    master, alpha, beta, gamma = await setup(c)
    [home] = await master.say(ADMIN, "/admin")
    [audiences] = await master.press(ADMIN, home, "📣 Message tenant admins")
    [ask] = await master.press(ADMIN, audiences, "All tenants")
    for bad in ("x" * 4097, "a\x00b", "   "):
        [refused] = await master.say(ADMIN, bad)  # refused; the step stays open
        assert "can't be sent" in refused.text, bad
    preview, summary = await master.say(ADMIN, "Maintenance tonight")
    assert preview.text == "Maintenance tonight" and preview.markup is None
    # Alpha 1, Beta 2, Gamma 2 (suspended: its bot still runs), the stopped ones: 2
    assert "7 admin chats" in summary.text
    await master.press(ADMIN, summary, "📣 Send")
    assert master.session.alerts[-1] == "Sending to 7 admin chats."
    again = await master.press(ADMIN, summary, "📣 Send")  # no draft left: out of date
    assert master.session.alerts[-1] == OUT_OF_DATE and again == []
    pairs = await recipients(clean_db)
    m = master.tenant.id
    assert pairs == [
        (alpha.tenant.id, ADMIN + 5),
        (beta, SHARED),
        (beta, B2),
        (gamma, SHARED),
        (gamma, A2),
        (m, STOPPED1),
        (m, STOPPED2),
    ]
    async with clean_db.connect() as conn:
        rows = (await conn.execute(text("SELECT bot_id, text FROM broadcasts"))).all()
        audit = (
            await conn.execute(
                text("SELECT bot_id, actor, action, after FROM audit_log ORDER BY id")
            )
        ).all()
    assert [tuple(r) for r in rows] == [(None, "Maintenance tonight")]  # a platform one
    starts = [a for a in audit if a[2] == "broadcast.start"]
    assert [(a[0], a[1], a[3]) for a in starts] == [(None, f"tg:{ADMIN}", "tenant admins (all): 7")]
    del ask


async def test_by_status_and_a_status_with_nobody(
    sql_container: Container, clean_db: AsyncEngine
) -> None:
    c = sql_container
    master, _, _, gamma = await setup(c)
    _, summary = await compose(master, "suspended", "Your wallet is low")
    assert "2 admin chats" in summary.text
    await master.press(ADMIN, summary, "📣 Send")
    assert await recipients(clean_db) == [(gamma, SHARED), (gamma, A2)]
    # nobody failed: no Send button, nothing stored
    _, nobody = await compose(master, "failed", "Hello")
    assert "No tenant admins" in nobody.text
    assert "📣 Send" not in [label for label, _ in nobody.buttons]
    # a forged status: refused, nothing stored
    [home] = await master.say(ADMIN, "/admin")
    forged = ConsoleCb(action="bc_to", arg="nosuch").pack()
    assert await master.press_data(ADMIN, home, forged) == []
    assert "can't be sent" in master.session.alerts[-1]
    async with clean_db.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM broadcasts")) == 1


async def test_cancel_of_a_platform_broadcast_is_the_master_consoles(
    sql_container: Container, clean_db: AsyncEngine
) -> None:
    c = sql_container
    master, alpha, _, _ = await setup(c)
    _, summary = await compose(master, "All tenants", "Hello admins")
    await master.press(ADMIN, summary, "📣 Send")
    store = c.broadcast_store()
    [running] = await store.running()
    assert running.owner is None
    # the progress message's button is the master console's stop
    shown = BotNoticeRenderer().render(BroadcastProgress(language="en", broadcast=running))
    [[button]] = shown.buttons
    assert button.callback_data == ConsoleCb(action="bc_stop", arg=str(running.id)).pack()
    # a tenant's broadcast cannot be stopped from the master console (owner scoped)
    await alpha.say(920_001, "/start")
    theirs = await c.start_broadcast().to_audience(
        alpha.tenant.id, Audience.ALL, BroadcastMessage("hi"), by=ADMIN + 5, language="en"
    )
    [home] = await master.say(ADMIN, "/admin")
    forged = ConsoleCb(action="bc_stop", arg=str(theirs.id)).pack()
    await master.press_data(ADMIN, home, forged)
    assert master.session.alerts[-1] == "That broadcast is no longer running."
    tenant_side = await store.get(alpha.tenant.id, theirs.id)
    assert tenant_side is not None and tenant_side.running
    for bad in ("9" * 30, "-1", "x"):  # forged: past int64, negative, not a number
        await master.press_data(ADMIN, home, ConsoleCb(action="bc_stop", arg=bad).pack())
        assert "can't be sent" in master.session.alerts[-1], bad
    # the master admin's Cancel stops the platform one
    await master.press_data(ADMIN, home, button.callback_data or "")
    assert master.session.alerts[-1] == "The broadcast is cancelled."
    stopped = await store.get(None, running.id)
    assert stopped is not None and stopped.status is BroadcastStatus.CANCELLED
