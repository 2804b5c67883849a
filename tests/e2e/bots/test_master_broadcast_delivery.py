"""The master console's broadcast to tenant admins over the Bot API simulator, with a
restart in the middle (docs/master-console.md, docs/broadcasts.md).

Cases considered: composed and confirmed in the master bot's chat; each admin messaged
through their own tenant's bot (an admin of two tenants: once through each), the
admins of a disabled tenant through the master bot; an admin who never started their
tenant's bot (403): marked blocked, skipped, the run goes on and finishes; a restart
in the middle (a new process takes the lease and resumes): exactly once per
(bot, admin), nobody skipped; the progress message in the master chat edited in place
and ending on the final figures. The rate cap and 2,000 recipients:
tests/e2e/bots/test_broadcast_delivery.py (same engine).
"""

from __future__ import annotations

from collections import Counter

import pytest

from src.core.broadcasts import BroadcastStatus
from src.core.tenancy.tenant import MAX_TENANT_ADMINS
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.conftest import MASTER_ADMIN
from tests.e2e.bots.harness import Harness
from tests.e2e.bots.test_master_console_journeys import start_with_master

pytestmark = pytest.mark.parametrize("harness", ["polling"], indirect=True)

SHOPS = 5
FIRST_ADMIN = 61_000_001
SHARED = 61_999_001  # an admin of the first two shops
STOPPED_ADMIN = 61_999_002  # the admin of a disabled shop: reached through the master bot
TEXT = "Platform maintenance on Sunday 03:00 UTC"


async def test_tenant_admins_once_each_through_their_bots_across_a_restart(
    harness: Harness,
) -> None:
    master = await start_with_master(harness)
    shops, expected = [], Counter[tuple[str, int]]()
    never_started = FIRST_ADMIN  # the first shop's first admin never started its bot
    for n in range(SHOPS):
        first = FIRST_ADMIN + n * 100
        admins = tuple(range(first, first + MAX_TENANT_ADMINS - 1))
        admins += (SHARED,) if n < 2 else (first + 99,)
        shop = await harness.add_shop(f"Shop{n}", admins=admins)
        shops.append(shop)
        for admin in admins:
            if admin == never_started:  # a Telegram user who never pressed Start
                harness.sim.add_user(admin)
            else:
                harness.sim.add_user(admin, started_bots=[shop.token])
                expected[(shop.token, admin)] += 1
    stopped = await harness.add_shop("Stopped", admins=(STOPPED_ADMIN,))
    await harness.container.deactivate_tenant()(stopped.id, actor="tg:1")
    harness.sim.add_user(STOPPED_ADMIN, started_bots=[master.token])
    expected[(master.token, STOPPED_ADMIN)] += 1
    total = sum(expected.values()) + 1  # + the one who never started

    # composed and confirmed in the master bot's chat
    home = await harness.say(master, MASTER_ADMIN, "/admin")
    audiences = await harness.press(master, MASTER_ADMIN, home, "📣 Message tenant admins")
    await harness.press(master, MASTER_ADMIN, audiences, "All tenants")
    await harness.say(master, MASTER_ADMIN, TEXT)  # the preview

    def last_to_admin() -> SentMessage:
        return harness.sim.sent_messages(master.token, MASTER_ADMIN)[-1]

    async def summary_shown() -> bool:
        return "admin chats" in (last_to_admin().text or "")

    await harness.eventually(summary_shown)
    summary = last_to_admin()
    assert f"{total} admin chats" in (summary.text or "")
    harness.sim.press_button(
        master.token, MASTER_ADMIN, summary.message_id, summary.button_data("📣 Send")
    )

    store = harness.container.broadcast_store()

    async def the_broadcast() -> int | None:
        found = await store.running()
        return found[0].id if found else None

    async def started() -> bool:
        return await the_broadcast() is not None

    await harness.eventually(started)
    broadcast_id = await the_broadcast()
    assert broadcast_id is not None

    async def handled_at_least(n: int) -> bool:
        found = await store.get(None, broadcast_id)
        return found is not None and found.handled >= n

    await harness.eventually(lambda: handled_at_least(total // 4), timeout=30)
    # restart in the middle: a new process takes the lease and resumes
    assert harness.platform is not None
    await harness.platform.stop(dispose=False)
    halfway = await store.get(None, broadcast_id)
    assert halfway is not None and halfway.running and halfway.handled < total
    harness.container.broadcast_delivery.reset()
    harness.routers = ()
    await harness.start()

    async def finished() -> bool:
        found = await store.get(None, broadcast_id)
        return found is not None and found.status is BroadcastStatus.DONE

    await harness.eventually(finished, timeout=60)
    final = await store.get(None, broadcast_id)
    assert final is not None
    assert (final.total, final.sent, final.blocked, final.failed) == (total, total - 1, 1, 0)

    delivered = Counter[tuple[str, int]]()
    for token in [master.token, stopped.token, *(s.token for s in shops)]:
        for m in harness.sim.sent_messages(token):
            if m.text == TEXT and m.chat_id != MASTER_ADMIN:  # not the preview
                delivered[(token, m.chat_id)] += 1
    assert delivered == expected  # once per (bot, admin); none to the one who never started
    assert not [m for m in harness.sim.sent_messages(stopped.token) if m.text == TEXT]

    # the progress message in the master chat: edited in place, ends on the final figures
    async def final_progress_shown() -> bool:
        return f"{total - 1} of {total}" in (last_to_admin().text or "")

    await harness.eventually(final_progress_shown, timeout=10)
    progress = [
        m
        for m in harness.sim.sent_messages(master.token, MASTER_ADMIN)
        if f"of {total}" in (m.text or "")
    ]
    assert len({m.message_id for m in progress}) == 1
    assert "finished" in (progress[-1].text or "")
