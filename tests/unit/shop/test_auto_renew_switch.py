"""The user's auto-renewal switch (docs/shop.md#my-subscription), on memory and PostgreSQL.

Cases: switched off, the expiry job does not renew (the reminder comes instead) and
takes no money; switched on again, it renews once; with the tenant's flag off the
switch is refused and nothing is stored; a user who never sent /start is refused;
a new user starts with it on (the column's default, so existing users keep renewing).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.shop.purchase_plan import PurchaseInput
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.shop import ShopWorld, shop_world

TG = 700_031


async def switch(container: Container, world: ShopWorld, telegram_id: int) -> bool:
    async with container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
    assert user is not None
    return user.auto_renew


async def test_switched_off_the_job_reminds_instead_of_renewing(
    any_container: Container, clock: FrozenClock
) -> None:
    c = any_container
    world = await shop_world(c)
    await world.customer(TG, balance=90_000)
    assert await switch(c, world, TG) is True  # on by default
    await c.set_feature()(SetFeatureInput(world.tenant.id, "auto_renewal", True))
    await c.set_config_value()(SetConfigInput(world.tenant.id, "reminder_days", [1], False))
    await c.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "first"))
    assert await c.set_auto_renew()(world.tenant.id, TG, False) is False
    assert await switch(c, world, TG) is False
    clock.advance(timedelta(days=29, hours=1))
    report = await c.run_expiry_jobs()()
    assert (report.renewed, report.reminded) == (0, 1)
    assert await world.balance(TG) == 60_000

    assert await c.set_auto_renew()(world.tenant.id, TG, True) is True
    assert (await c.run_expiry_jobs()()).renewed == 1
    assert (await c.run_expiry_jobs()()).renewed == 0
    assert await world.balance(TG) == 30_000


async def test_the_switch_is_refused_while_the_flag_is_off(any_container: Container) -> None:
    c = any_container
    world = await shop_world(c)
    await world.customer(TG)
    with pytest.raises(FeatureDisabled):
        await c.set_auto_renew()(world.tenant.id, TG, False)
    assert await switch(c, world, TG) is True
    await c.set_feature()(SetFeatureInput(world.tenant.id, "auto_renewal", True))
    with pytest.raises(UserNotRegistered):
        await c.set_auto_renew()(world.tenant.id, TG + 1, False)
