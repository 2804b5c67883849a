"""Receipts no admin could be shown (issue #10, item 10) on both adapter sets.

Before the fix, a receipt that reached no admin (each admin private, none had
started the bot: Telegram's 400 "chat not found") was lost silently: the user was
told "an admin will check it soon" and no admin ever saw it.

Cases considered (the ones that apply are tested):
- no admin reachable at submit time: the user hears the truth (`delivered` False);
- a non-admin's /start reads nothing and posts nothing;
- the admin's /start re-sends each waiting receipt once (a second /start: none);
- an admin still unreachable at /start (blocked again): the receipt stays unseen;
- the master alert: not before an hour, once per tenant per episode, again for a
  new episode, once when two processes run the job at the same moment;
- another tenant's unseen receipts never reach this tenant's admins;
- the master bot down (alert not delivered): best effort, covered by the alerts
  adapter (logged, never raised).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from dependency_injector import providers

from src.core.payments.card_payment import Receipt
from src.core.tenancy.tenant import Tenant
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from tests.support.doubles import memory_messenger
from tests.support.factories import create_tenant
from tests.support.top_ups import add_cards, enable, pending_payment, receipt_for

ADMIN, OTHER_ADMIN, USER = 930_001, 930_002, 730_001


@dataclass
class RecordingAlerts:
    unseen: list[tuple[int, int]] = field(default_factory=list)

    async def tenant_token_rejected(self, tenant: Tenant) -> None:
        raise AssertionError("not expected")

    async def receipts_unseen(self, tenant: Tenant, count: int) -> None:
        self.unseen.append((tenant.id, count))


@pytest.fixture
def c(any_container: Container) -> Container:
    any_container.receipt_desk.override(providers.Singleton(InMemoryReceiptDesk))
    any_container.alerts.override(providers.Singleton(RecordingAlerts))
    return any_container


def desk(c: Container) -> InMemoryReceiptDesk:
    found = c.receipt_desk()
    assert isinstance(found, InMemoryReceiptDesk)
    return found


async def lonely_shop(c: Container, name: str = "Lonely", admin: int = ADMIN) -> Tenant:
    """Receipts go to the admins privately (no admin chat) and no admin started the bot."""
    tenant = (await create_tenant(c, name, admin_ids=(admin,))).tenant
    await enable(c, tenant.id, "card_to_card", max_pending_per_user=10)
    await add_cards(c, tenant.id, 1)
    desk(c).unreachable.add(admin)
    from src.application.shop.register_user import RegisterInput

    await c.register_user()(RegisterInput(tenant, USER))
    return tenant


async def test_the_user_hears_the_truth_and_the_admins_start_brings_the_receipt(
    c: Container,
) -> None:
    tenant = await lonely_shop(c)
    offer = await c.start_card_top_up()(tenant, USER, 50_000)
    submitted = await c.submit_card_receipt()(receipt_for(tenant, USER, offer, Receipt("ref 1")))
    assert (submitted.delivered, submitted.payment.seen) == (False, False)
    assert desk(c).posted == []

    offer_waiting = c.offer_waiting_receipts()
    assert await offer_waiting(tenant, USER) == 0  # not an admin: nothing shown
    assert await offer_waiting(tenant, ADMIN) == 0  # still unreachable: stays unseen
    desk(c).unreachable.clear()  # the admin started the bot
    assert await offer_waiting(tenant, ADMIN) == 1
    [posted] = desk(c).posted
    assert (posted.where.chat_id, posted.thread_id) == (ADMIN, None)
    assert submitted.payment.tracking_number in posted.text
    assert [b.callback_data for b in posted.buttons[0]] == [
        f"rc:ok:{submitted.payment.id}",
        f"rc:no:{submitted.payment.id}",
    ]
    assert any("1 receipt waits" in text for text in memory_messenger(c).to(ADMIN))
    async with c.uow().for_tenant(tenant.id) as uow:
        stored = await uow.card_payments.get(submitted.payment.id)
    assert stored is not None and stored.seen
    assert await offer_waiting(tenant, ADMIN) == 0  # once
    assert len(desk(c).posted) == 1


async def test_another_tenants_waiting_receipts_stay_with_it(c: Container) -> None:
    mine = await lonely_shop(c, "Mine", ADMIN)
    theirs = await lonely_shop(c, "Theirs", OTHER_ADMIN)
    await pending_payment(c, theirs, USER)
    desk(c).unreachable.clear()
    assert await c.offer_waiting_receipts()(mine, ADMIN) == 0
    assert await c.offer_waiting_receipts()(theirs, ADMIN) == 0  # not its admin
    assert desk(c).posted == []


async def test_the_master_admins_are_told_once_per_tenant_per_episode(
    c: Container, clock: FrozenClock
) -> None:
    tenant = await lonely_shop(c)
    alerts = c.alerts()
    assert isinstance(alerts, RecordingAlerts)
    job = c.alert_unseen_receipts()
    await pending_payment(c, tenant, USER)
    clock.advance(timedelta(minutes=59))
    assert await job() == 0  # not an hour yet
    clock.advance(timedelta(minutes=1))
    await pending_payment(c, tenant, USER)  # a young one joins the episode
    results = await asyncio.gather(job(), job())  # two processes at the same moment
    assert sorted(results) == [0, 1]
    assert alerts.unseen == [(tenant.id, 2)]
    clock.advance(timedelta(hours=3))
    await pending_payment(c, tenant, USER)
    clock.advance(timedelta(hours=2))
    assert await job() == 0  # the episode goes on: told already
    assert len(alerts.unseen) == 1

    desk(c).unreachable.clear()
    assert await c.offer_waiting_receipts()(tenant, ADMIN) == 3  # the episode ends
    desk(c).unreachable.add(ADMIN)
    await pending_payment(c, tenant, USER, amount=60_000)  # a new episode starts
    clock.advance(timedelta(minutes=61))
    assert await job() == 1
    assert alerts.unseen == [(tenant.id, 2), (tenant.id, 1)]
