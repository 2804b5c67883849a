"""A tenant's broadcast to 2,000 users over the Bot API simulator, with a restart in the middle.

Cases considered (docs/broadcasts.md): a restart mid-delivery (no user messaged twice,
nobody skipped), users who blocked the bot (403: counted, remembered, left out of the
next audience), the per-bot cap measured from the simulator's own timestamps, another
tenant's bot answering while the broadcast runs, two workers (only the lease holder
delivers: the second Platform of the restart waits for the lease the first releases).
Not covered here: a crash (kill -9) mid-batch, which leaves at most one batch
"in doubt" and never resent (tests/integration/test_broadcast_store.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.core.broadcasts import RATE_PER_BOT, Audience, BroadcastMessage, BroadcastStatus
from tests.e2e.bots.harness import Harness

pytestmark = pytest.mark.parametrize("harness", ["polling"], indirect=True)

USERS = 2000
BLOCKED = 30
ADMIN = 700_001
FIRST_USER = 50_000_001
TEXT = "Maintenance tonight 02:00-03:00 UTC"


async def _seed_users(engine: AsyncEngine, bot_id: int, ids: list[int]) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO bot_users (bot_id, telegram_id, language, referral_code) "
                "VALUES (:bot, :tg, 'en', :ref)"
            ),
            [{"bot": bot_id, "tg": tg, "ref": f"r{tg}"} for tg in ids],
        )


def max_per_second(times: list[float]) -> int:
    """The most sends in any window of one second (from the simulator's clock)."""
    times = sorted(times)
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_two_thousand_users_once_each_across_a_restart_at_the_cap(
    harness: Harness, clean_db: AsyncEngine
) -> None:
    await harness.start()
    shop = await harness.add_shop("Alpha", admins=(ADMIN,))
    other = await harness.add_shop("Beta")
    users = list(range(FIRST_USER, FIRST_USER + USERS))
    for tg in (*users, ADMIN):
        harness.sim.add_user(tg, started_bots=[shop.token])
    blocked = users[:: USERS // BLOCKED][:BLOCKED]
    for tg in blocked:
        harness.sim.block_chat(shop.token, tg)
    await _seed_users(clean_db, shop.id, users)
    store = harness.container.broadcast_store()

    broadcast = await harness.container.start_broadcast().to_audience(
        shop.id, Audience.ALL, BroadcastMessage(TEXT), by=ADMIN, language="en"
    )
    assert broadcast.total == USERS

    async def handled_at_least(n: int) -> bool:
        found = await store.get(shop.id, broadcast.id)
        return found is not None and found.handled >= n

    await harness.eventually(lambda: handled_at_least(USERS // 3), timeout=60)
    # another tenant's bot answers at once while the broadcast runs
    loop = asyncio.get_running_loop()
    asked = loop.time()
    reply = await harness.say(other, 600_001, "/start", timeout=3)
    assert reply.text and loop.time() - asked < 2.0

    # restart in the middle: a new process takes the lease and resumes
    assert harness.platform is not None
    await harness.platform.stop(dispose=False)
    halfway = await store.get(shop.id, broadcast.id)
    assert halfway is not None and halfway.running and halfway.handled < USERS
    harness.container.broadcast_delivery.reset()  # a new process: a new worker
    harness.routers = ()  # the test's routers stay with the first dispatcher
    await harness.start()

    async def finished() -> bool:
        found = await store.get(shop.id, broadcast.id)
        return found is not None and found.status is BroadcastStatus.DONE

    await harness.eventually(finished, timeout=120)

    final = await store.get(shop.id, broadcast.id)
    assert final is not None
    assert (final.sent, final.blocked, final.failed) == (USERS - BLOCKED, BLOCKED, 0)
    delivered = [m for m in harness.sim.sent_messages(shop.token) if m.text == TEXT]
    per_user = Counter(m.chat_id for m in delivered)
    assert set(per_user) == set(users) - set(blocked)
    assert set(per_user.values()) == {1}
    sends = [c.at for c in harness.sim.calls(shop.token, "sendMessage") if c.ok]
    assert max_per_second(sends) <= RATE_PER_BOT
    assert not [m for m in harness.sim.sent_messages(other.token) if m.text == TEXT]
    # users who blocked the bot are left out of the next broadcast
    count = harness.container.count_audience()
    assert await count(shop.id, Audience.ALL) == USERS - BLOCKED

    # the admin's progress message ends on the final figures (shown just after the last
    # batch is recorded: waited for), edited in place, without its cancel button
    async def final_progress_shown() -> bool:
        shown = harness.sim.sent_messages(shop.token, ADMIN)
        return bool(shown) and f"{USERS - BLOCKED:,} of {USERS:,}" in (shown[-1].text or "")

    await harness.eventually(final_progress_shown, timeout=10)
    progress = harness.sim.sent_messages(shop.token, ADMIN)
    assert len({m.message_id for m in progress}) == 1
    assert "finished" in (progress[-1].text or "")
