"""Trial once, reminders once per period, auto-renewal exactly once per period."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from src.application.shop.errors import FeatureDisabled, TrialAlreadyUsed
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.core.shop.ledger import LedgerKind
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.doubles import memory_messenger
from tests.support.shop import shop_world

TG = 700_002


async def test_trial_works_once(any_container: Container, clock: FrozenClock) -> None:
    world = await shop_world(any_container)
    await world.customer(TG)
    outcome = await any_container.start_trial()(world.tenant, TG)
    assert outcome.provisioning is Provisioned.DONE
    assert outcome.subscription.is_trial
    assert outcome.subscription.expires_at == clock.now() + timedelta(days=3)
    with pytest.raises(TrialAlreadyUsed):
        await any_container.start_trial()(world.tenant, TG)


async def test_concurrent_trials_give_one(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG)
    results = await asyncio.gather(
        any_container.start_trial()(world.tenant, TG),
        any_container.start_trial()(world.tenant, TG),
        return_exceptions=True,
    )
    assert sum(isinstance(r, TrialAlreadyUsed) for r in results) == 1


async def test_trial_refused_when_the_flag_is_off(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG)
    await any_container.set_feature()(SetFeatureInput(world.tenant.id, "trial_subscription", False))
    with pytest.raises(FeatureDisabled):
        await any_container.start_trial()(world.tenant, TG)


async def test_reminders_are_sent_once_per_period(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "r"))
    messenger = memory_messenger(any_container)
    clock.advance(timedelta(days=27, hours=1))  # 2 days 23 hours left: the 3-day reminder
    first = await any_container.run_expiry_jobs()()
    again = await any_container.run_expiry_jobs()()
    assert (first.reminded, again.reminded) == (1, 0)
    clock.advance(timedelta(days=2))  # 23 hours left: the 1-day reminder
    assert (await any_container.run_expiry_jobs()()).reminded == 1
    assert (await any_container.run_expiry_jobs()()).reminded == 0
    assert len([m for m in messenger.to(TG) if "ends on" in m]) == 2


async def test_auto_renewal_exactly_once_per_period(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=90_000)
    await any_container.set_feature()(SetFeatureInput(world.tenant.id, "auto_renewal", True))
    bought = await any_container.purchase_plan()(
        PurchaseInput(world.tenant, TG, world.plan.id, "first")
    )
    clock.advance(timedelta(days=29, hours=1))  # inside the 24-hour renewal window
    reports = await asyncio.gather(
        any_container.run_expiry_jobs()(), any_container.run_expiry_jobs()()
    )
    assert sum(r.renewed for r in reports) == 1
    assert (await any_container.run_expiry_jobs()()).renewed == 0
    assert await world.balance(TG) == 30_000
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(TG)
        assert user is not None
        sub = await uow.subscriptions.of_user(user.id)
        kinds = [e.kind for e in await uow.ledger.entries(user.id, limit=10, offset=0)]
    assert sub is not None
    assert sub.expires_at == bought.subscription.expires_at + timedelta(days=30)
    assert kinds.count(LedgerKind.RENEWAL) == 1
    assert any("renewed" in m for m in memory_messenger(any_container).to(TG))


async def test_auto_renewal_without_money_falls_back_to_a_reminder(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await any_container.set_feature()(SetFeatureInput(world.tenant.id, "auto_renewal", True))
    await any_container.set_config_value()(
        SetConfigInput(world.tenant.id, "reminder_days", [1], False)
    )
    await any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "one"))
    clock.advance(timedelta(days=29, hours=1))
    report = await any_container.run_expiry_jobs()()
    assert (report.renewed, report.reminded) == (0, 1)
    assert await world.balance(TG) == 0
