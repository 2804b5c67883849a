"""The shop's money paths on both adapter sets (in-memory and real PostgreSQL).

Every money path has its race (two concurrent requests) and its replay (the same
request twice)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from src.application.ports.vpn_panel import PanelUserStatus
from src.application.shop.errors import NotEnoughBalance, PlanUnavailable
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput
from src.application.shop.register_user import RegisterInput
from src.core.billing.settings import GIB
from src.core.shop.ledger import LedgerKind
from src.core.shop.user import panel_tag, panel_username
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.doubles import either_panel, memory_messenger, memory_panel
from tests.support.shop import ShopWorld, shop_world

TG = 700_001


def buy(world: ShopWorld, telegram_id: int = TG, key: str = "k1") -> PurchaseInput:
    return PurchaseInput(world.tenant, telegram_id, world.plan.id, key)


async def test_purchase_debits_provisions_and_buying_again_extends(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    first = await any_container.purchase_plan()(buy(world, key="a"))

    assert first.provisioning is Provisioned.DONE
    assert first.balance == 70_000 == await world.balance(TG)
    assert first.subscription.expires_at == clock.now() + timedelta(days=30)
    assert first.subscription.provisioned
    panel_user = await either_panel(any_container).get_user_by_username(
        panel_username(world.tenant.id, TG)
    )
    assert panel_user is not None
    assert panel_user.tag == panel_tag(world.tenant.id)
    assert panel_user.telegram_id == TG
    assert panel_user.expire_at == first.subscription.expires_at
    assert panel_user.traffic_limit_bytes == 50 * GIB
    assert panel_user.hwid_device_limit == 3
    assert panel_user.squads == (world.squad,)
    assert first.subscription.subscription_url == panel_user.subscription_url

    second = await any_container.purchase_plan()(buy(world, key="b"))
    assert second.subscription.expires_at == first.subscription.expires_at + timedelta(days=30)
    assert second.balance == 40_000
    again = memory_panel(any_container).user(panel_user.id)
    assert again.expire_at == second.subscription.expires_at
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(TG)
        assert user is not None
        kinds = [e.kind for e in await uow.ledger.entries(user.id, limit=10, offset=0)]
    assert kinds == [LedgerKind.PURCHASE, LedgerKind.PURCHASE, LedgerKind.TOP_UP]


async def test_not_enough_balance_names_the_missing_amount_and_charges_nothing(
    any_container: Container,
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=12_345)
    with pytest.raises(NotEnoughBalance) as err:
        await any_container.purchase_plan()(buy(world))
    assert err.value.missing == 30_000 - 12_345
    assert await world.balance(TG) == 12_345
    assert (
        await either_panel(any_container).get_user_by_username(panel_username(world.tenant.id, TG))
        is None
    )


async def test_replay_of_the_same_request_buys_once(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    first = await any_container.purchase_plan()(buy(world, key="same"))
    replay = await any_container.purchase_plan()(buy(world, key="same"))
    assert replay.repeated and not first.repeated
    assert replay.subscription.expires_at == first.subscription.expires_at
    assert await world.balance(TG) == 70_000


async def test_two_concurrent_purchases_with_balance_for_one(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    results = await asyncio.gather(
        any_container.purchase_plan()(buy(world, key="x")),
        any_container.purchase_plan()(buy(world, key="y")),
        return_exceptions=True,
    )
    ok = [r for r in results if not isinstance(r, BaseException)]
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(ok) == 1
    assert len(failed) == 1 and isinstance(failed[0], NotEnoughBalance)
    assert await world.balance(TG) == 0


async def test_panel_down_keeps_the_money_and_the_outbox_finishes_later(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    panel = memory_panel(any_container)
    panel.fail_next(100)
    outcome = await any_container.purchase_plan()(buy(world))
    assert outcome.provisioning is Provisioned.RETRYING
    assert not outcome.subscription.provisioned
    assert await world.balance(TG) == 0  # paid, subscription owed

    assert await any_container.drain_provisioning()() == 0  # backoff not over yet
    panel.fail_next(0)
    clock.advance(timedelta(minutes=11))
    assert await any_container.drain_provisioning()() == 1
    user = await panel.get_user_by_username(panel_username(world.tenant.id, TG))
    assert user is not None and user.status is PanelUserStatus.ACTIVE
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        customer = await uow.users.by_telegram_id(TG)
        assert customer is not None
        sub = await uow.subscriptions.of_user(customer.id)
    assert sub is not None and sub.provisioned and sub.panel_user_id == user.id
    assert any("active" in text for text in memory_messenger(any_container).to(TG))
    assert await any_container.drain_provisioning()() == 0  # nothing twice


async def test_panel_refusing_for_good_refunds(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    from src.application.tenancy.config import SetConfigInput

    bogus = "00000000-0000-0000-0000-000000000000"  # a squad the panel does not know
    await any_container.set_config_value()(
        SetConfigInput(world.tenant.id, "panel_squads", [bogus], True)
    )
    outcome = await any_container.purchase_plan()(buy(world))
    assert outcome.provisioning is Provisioned.REFUNDED
    assert outcome.balance == 30_000 == await world.balance(TG)
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        customer = await uow.users.by_telegram_id(TG)
        assert customer is not None
        kinds = [e.kind for e in await uow.ledger.entries(customer.id, limit=10, offset=0)]
    assert kinds == [LedgerKind.REFUND, LedgerKind.PURCHASE, LedgerKind.TOP_UP]
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        sub = await uow.subscriptions.of_user(customer.id)
    assert sub is not None and not sub.provisioned
    assert sub.expires_at == any_container.clock().now()  # the granted days taken back


async def test_a_refused_renewal_gives_back_money_and_days(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=60_000)
    first = await any_container.purchase_plan()(buy(world, key="ok"))
    from src.application.tenancy.config import SetConfigInput

    bogus = "00000000-0000-0000-0000-000000000000"
    await any_container.set_config_value()(
        SetConfigInput(world.tenant.id, "panel_squads", [bogus], True)
    )
    refused = await any_container.purchase_plan()(buy(world, key="refused"))
    assert refused.provisioning is Provisioned.REFUNDED
    assert await world.balance(TG) == 30_000
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        customer = await uow.users.by_telegram_id(TG)
        assert customer is not None
        sub = await uow.subscriptions.of_user(customer.id)
    assert sub is not None
    assert sub.expires_at == first.subscription.expires_at  # the panel's expiry again
    assert sub.provisioned


async def test_inactive_or_foreign_plan_is_not_sold(any_container: Container) -> None:
    world = await shop_world(any_container)
    other = await shop_world(any_container, "Other")
    await world.customer(TG, balance=100_000)
    with pytest.raises(PlanUnavailable):
        await any_container.purchase_plan()(
            PurchaseInput(world.tenant, TG, other.plan.id, "foreign")
        )
    assert await world.balance(TG) == 100_000


async def test_same_telegram_user_in_two_tenants_is_two_customers(
    any_container: Container,
) -> None:
    a, b = await shop_world(any_container, "A"), await shop_world(any_container, "B")
    await a.customer(TG, balance=50_000)
    await b.customer(TG, balance=30_000)
    await any_container.purchase_plan()(buy(a))
    await any_container.purchase_plan()(buy(b))
    assert (await a.balance(TG), await b.balance(TG)) == (20_000, 0)
    panel = memory_panel(any_container)
    user_a = await panel.get_user_by_username(panel_username(a.tenant.id, TG))
    user_b = await panel.get_user_by_username(panel_username(b.tenant.id, TG))
    assert user_a is not None and user_b is not None and user_a.id != user_b.id
    assert (user_a.tag, user_b.tag) == (panel_tag(a.tenant.id), panel_tag(b.tenant.id))


async def test_register_is_idempotent_and_speaks_the_tenant_language(
    any_container: Container,
) -> None:
    world = await shop_world(any_container)
    register = any_container.register_user()
    results = await asyncio.gather(*(register(RegisterInput(world.tenant, TG)) for _ in range(5)))
    assert len({r.user.id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert results[0].user.language == world.tenant.default_language
