"""One tenant's slow updates never stall another tenant's (PRODUCT 2.4), in polling and
webhook mode: a hanging panel behind one tenant's button, a flood wait (429) on one
tenant's replies. The other tenant's /start must be answered at once (the attack
measured 42 s and 58 s); the slow tenant's users get an answer within the panel deadline.

Cases considered (unnamed in the issue):
- the slow tenant's updates arrive in one batch (one getUpdates answer / a burst of
  webhook posts): covered, the presses and the 30 /start are sent back to back;
- the quiet tenant's update arrives after the slow one holds every worker it may:
  covered, /start is sent after the slow tenant's burst;
- the panel hangs (no answer at all, not a refusal): covered, the simulator holds
  the requests for a minute and the adapter runs with its production timeouts;
- 429 with a retry_after longer than a test: the bulkhead bounds what the tenant
  holds, not how long each update waits, so covered by the same assertion;
- one tenant under both faults at once: not separately tested, both are bounded by
  the same per-tenant cap (`test_fair_queue.py` proves the cap itself).
"""

from __future__ import annotations

import time

import aiohttp
from dependency_injector import providers

from src.application.shop.panel_deadline import PANEL_DEADLINE_IN_UPDATES
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.e2e.bots.harness import Harness

USER = 620_001
BOUND = 3.0  # generous: the acceptance is < 1 s, the attack measured 42 s and 58 s


async def _timed_start(harness: Harness, shop_token: str, user: int) -> float:
    started = time.monotonic()
    reply = await harness.say(shop_token, user, "/start", timeout=60)
    elapsed = time.monotonic() - started
    assert "Welcome to Quiet" in (reply.text or "")
    print(f"\nquiet tenant's /start answered in {elapsed:.3f} s ({harness.mode})")
    return elapsed


async def test_a_hanging_panel_behind_one_tenant_leaves_the_others_answered_at_once(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    # the adapter as production builds it (10 s timeout, 3 retries: ~44 s per call),
    # in place before the bots resolve their use cases
    session = aiohttp.ClientSession()
    patient = HttpRemnawavePanel(panel_sim.base_url or "", "panel-token", session=session)
    harness.container.panel.override(providers.Object(patient))
    await harness.start()
    slow, quiet = await harness.add_shop("Slow"), await harness.add_shop("Quiet")
    menu = await harness.say(slow, USER, "/start")
    await harness.press(slow, USER, menu, "Free trial")  # a subscription: the view asks the panel
    menu = await harness.say(slow, USER, "/start")
    panel_sim.timeout_next(1_000, 60.0)

    pressed, asked = time.monotonic(), len(panel_sim.requests)
    data = menu.button_data("My subscription")
    for _ in range(20):  # the same press again and again, as an impatient user does
        harness.sim.press_button(slow.token, USER, menu.message_id, data, force=True)

    async def holding() -> bool:  # all 20 taken in, several waiting on the panel
        pending = harness.sim.pending_updates(slow.token)
        return not pending and len(panel_sim.requests) >= asked + 4

    await harness.eventually(holding)
    assert await _timed_start(harness, quiet.token, USER + 1) < BOUND

    first = await harness.sim.wait_for_message(slow.token, USER, timeout=30)
    assert "panel is slow" in (first.text or "")
    assert time.monotonic() - pressed < PANEL_DEADLINE_IN_UPDATES + BOUND  # not ~44 s
    await session.close()  # the presses still waiting fail now instead of at teardown


async def test_a_flood_wait_on_one_tenant_leaves_the_others_answered_at_once(
    harness: Harness,
) -> None:
    await harness.start()
    flooded, quiet = await harness.add_shop("Flooded"), await harness.add_shop("Quiet")
    harness.sim.rate_limit(flooded.token, "sendMessage", retry_after=5, times=10_000)
    for n in range(30):
        harness.sim.send_text(flooded.token, USER + 100 + n, "/start")
    # the flooded tenant's handlers are waiting out retry_after in several workers
    await harness.eventually(lambda: _flood_waits(harness, flooded.token, 4))
    assert await _timed_start(harness, quiet.token, USER + 1) < BOUND


async def _flood_waits(harness: Harness, token: str, count: int) -> bool:
    return len(harness.sim.calls(token, "sendMessage")) >= count
