"""Panel calls made while a user waits give up after the deadline (PRODUCT 2.4):
a purchase against a hanging panel keeps the money and leaves the activation to
the outbox, whose worker has no such deadline; the account view says the panel
is slow instead of holding the update.

Cases considered: a panel that hangs rather than refuses (covered: the call
never returns); the same job finished later by the outbox exactly once
(covered); the money path's race and replay are in `test_shop_purchase.py` and
unchanged by the deadline.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from src.application.ports.vpn_panel import PanelUser
from src.application.shop.panel_deadline import PANEL_DEADLINE_IN_UPDATES
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.shop import shop_world

TG = 700_101


async def _hang(username: str) -> PanelUser | None:
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


async def test_a_purchase_against_a_hanging_panel_answers_within_the_deadline(
    any_container: Container, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    panel = any_container.panel()
    monkeypatch.setattr(panel, "get_user_by_username", _hang)

    started = time.monotonic()
    outcome = await any_container.purchase_plan()(
        PurchaseInput(world.tenant, TG, world.plan.id, "k1")
    )
    assert time.monotonic() - started < PANEL_DEADLINE_IN_UPDATES + 2
    assert outcome.provisioning is Provisioned.RETRYING
    assert await world.balance(TG) == 0  # paid, the subscription is owed

    monkeypatch.undo()  # the panel answers again; the outbox finishes the job once
    clock.advance(timedelta(minutes=11))
    assert await any_container.drain_provisioning()() == 1
    assert await any_container.drain_provisioning()() == 0


async def test_the_account_view_says_the_panel_is_slow(
    any_container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "k1"))
    monkeypatch.setattr(any_container.panel(), "get_user_by_username", _hang)
    monkeypatch.setattr(any_container.panel(), "get_user", _hang)  # the linked panel user

    view = await any_container.get_customer()(world.tenant.id, TG, live=True)
    assert view.live_unavailable and view.panel is None and view.subscription is not None
