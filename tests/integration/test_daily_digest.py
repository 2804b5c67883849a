"""The master admins' daily digest (docs/master-console.md, "Daily digest"), on both
adapter sets: sent once per day at or after the configured hour, with figures equal
to the rows written here.

Cases considered: several workers running the job at once (five concurrent runs,
one digest); a run before the hour (nothing, and the day stays unclaimed); the next
day (sent again); a receipt pending for less than an hour (not counted); a decided
receipt (not counted); the master bot unreachable (the alerts adapter logs it and
the day stays claimed: at most once per day).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from dependency_injector import providers

from src.application.ports.card_payments import NewCardPayment
from src.application.ports.customers import NewShopUser
from src.application.tenancy.daily_digest import DigestFigures
from src.core.payments.card_payment import Receipt, new_offer_key, new_tracking_number
from src.core.tenancy.tenant import Tenant
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

MORNING = datetime(2026, 5, 4, 7, 59, tzinfo=UTC)  # the digest hour is 8 (the default)


@dataclass
class RecordingAlerts:
    digests: list[tuple[int, int, int, int]] = field(default_factory=list)

    async def tenant_token_rejected(self, tenant: Tenant) -> None:
        raise AssertionError("not expected")

    async def receipts_unseen(self, tenant: Tenant, count: int) -> None:
        raise AssertionError("not expected")

    async def daily_digest(
        self, failed: int, suspended: int, low_balance: int, receipts_waiting: int
    ) -> None:
        self.digests.append((failed, suspended, low_balance, receipts_waiting))


async def pending_receipt(container: Container, tenant: Tenant, at: datetime) -> int:
    async with container.uow().for_tenant(tenant.id) as uow:
        user, _ = await uow.users.add_if_absent(NewShopUser(5, "en", f"d{tenant.id}", at))
        payment = await uow.card_payments.add(
            NewCardPayment(
                user_id=user.id,
                card_id=None,
                card_masked="6037 **** **** 1234",
                amount=100_00,
                tracking_number=new_tracking_number(),
                receipt=Receipt("ref"),
                plan_id=None,
                now=at,
                expires_at=at + timedelta(days=1),
                offer_key=new_offer_key(),
            )
        )
        await uow.commit()
    assert payment is not None
    return payment.id


async def world(container: Container, clock: FrozenClock) -> RecordingAlerts:
    alerts = RecordingAlerts()
    container.alerts.override(providers.Object(alerts))
    clock.set(MORNING - timedelta(hours=3))
    failed = (await create_tenant(container, "Failed")).tenant
    async with container.uow().platform() as uow:
        await uow.tenants.save(failed.mark_failed(clock.now()))
        await uow.commit()
    suspended = (await create_tenant(container, "Suspended")).tenant
    await container.suspend_tenant()(suspended.id)
    waiting = (await create_tenant(container, "Waiting")).tenant
    await pending_receipt(container, waiting, MORNING - timedelta(hours=2))  # counted
    await pending_receipt(container, suspended, MORNING - timedelta(minutes=30))  # too new
    async with container.uow().for_tenant(waiting.id) as uow:  # below its threshold
        wallet = await uow.wallet.lock(clock.now())
        settings = replace(wallet.settings, low_balance_threshold=1)
        await uow.wallet.save(replace(wallet, settings=settings), clock.now())
        await uow.commit()
    return alerts


async def test_the_digest_goes_out_once_a_day_at_its_hour(
    any_container: Container, clock: FrozenClock
) -> None:
    alerts = await world(any_container, clock)
    clock.set(MORNING)
    assert await any_container.send_daily_digest()() is None  # before 08:00
    clock.advance(timedelta(minutes=1))
    sent = await any_container.send_daily_digest()()
    assert sent == DigestFigures(failed=1, suspended=1, low_balance=1, receipts_waiting=1)
    clock.advance(timedelta(hours=10))
    assert await any_container.send_daily_digest()() is None  # later the same day
    assert alerts.digests == [(1, 1, 1, 1)]
    clock.advance(timedelta(hours=14))  # the next day, 08:00
    assert await any_container.send_daily_digest()() is not None
    assert alerts.digests == [(1, 1, 1, 1), (1, 1, 1, 2)]  # the 07:29 receipt is old now


async def test_several_workers_at_once_send_one_digest(
    any_container: Container, clock: FrozenClock
) -> None:
    alerts = RecordingAlerts()
    any_container.alerts.override(providers.Object(alerts))
    clock.set(MORNING + timedelta(hours=1))
    runs = await asyncio.gather(*(any_container.send_daily_digest()() for _ in range(5)))
    assert sum(run is not None for run in runs) == 1
    assert alerts.digests == [(0, 0, 0, 0)]
