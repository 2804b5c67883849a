"""The sale side of tenant billing (PRODUCT 6) on both adapter sets: the charge made in
the sale's transaction, its refusal, its race and its refund."""

from __future__ import annotations

import asyncio

import pytest

from src.application.billing.errors import SaleRefused
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.billing.settings import GIB, BillingModel
from src.core.billing.wallet import WalletKind
from src.core.money import mul_div_round_half_up
from src.core.shop.user import panel_username
from src.infrastructure.container import Container
from tests.support.billing import (
    add_plan,
    admin_texts,
    billed_tenant,
    configure,
    ledger_of,
    open_shop,
    top_up,
    wallet_of,
)
from tests.support.doubles import memory_panel, memory_telegram
from tests.support.factories import new_bot_token
from tests.support.shop import ShopWorld

RATE = 7_919  # minor units per GiB: a prime, so no charge is round by accident
TG, OTHER = 710_001, 710_002


def buy(world: ShopWorld, telegram_id: int = TG, key: str = "k1") -> PurchaseInput:
    return PurchaseInput(world.tenant, telegram_id, world.plan.id, key)


async def meter_prepaid(container: Container, world: ShopWorld, telegram_id: int) -> int:
    name = panel_username(world.tenant.id, telegram_id)
    async with container.uow().for_tenant(world.tenant.id) as uow:
        meters = await uow.meters.lock([name])
    return meters[name].prepaid_bytes_left if name in meters else 0


async def sale_world(container: Container, **settings: object) -> ShopWorld:
    tenant = await billed_tenant(
        container,
        **{"model": BillingModel.SALE, "rate_per_gb": RATE, **settings},  # type: ignore[arg-type]
    )
    return await open_shop(container, tenant, traffic_gb=50)


async def test_a_sale_charges_traffic_gb_times_the_rate_to_the_minor_unit(
    any_container: Container,
) -> None:
    world = await sale_world(any_container)
    await top_up(any_container, world.tenant.id, 1_000_000)
    await world.customer(TG, balance=100_000)
    outcome = await any_container.purchase_plan()(buy(world))

    assert outcome.provisioning is Provisioned.DONE
    *_, sale = await ledger_of(any_container, world.tenant.id)
    assert (sale.kind, sale.amount) == (WalletKind.SALE_CHARGE, -50 * RATE)
    assert sale.traffic_bytes == 50 * GIB
    assert sale.panel_username == panel_username(world.tenant.id, TG)
    assert sale.balance_after == 1_000_000 - 50 * RATE
    assert (await wallet_of(any_container, world.tenant.id)).balance == 1_000_000 - 50 * RATE
    # all of the plan's traffic is paid: consumption billing must not charge it again
    assert await meter_prepaid(any_container, world, TG) == 50 * GIB

    replay = await any_container.purchase_plan()(buy(world))  # the same request: one charge
    assert replay.repeated
    assert len(await ledger_of(any_container, world.tenant.id)) == 2


async def test_a_refused_sale_leaves_the_user_the_wallet_and_the_panel_untouched(
    any_container: Container,
) -> None:
    world = await sale_world(any_container)
    await top_up(any_container, world.tenant.id, 50 * RATE - 1)  # one minor unit short
    await world.customer(TG, balance=100_000)
    with pytest.raises(SaleRefused) as refused:
        await any_container.purchase_plan()(buy(world))

    assert refused.value.reason == "wallet_credit_limit"
    assert await world.balance(TG) == 100_000
    assert (await wallet_of(any_container, world.tenant.id)).balance == 50 * RATE - 1
    assert [e.kind for e in await ledger_of(any_container, world.tenant.id)] == [WalletKind.TOP_UP]
    assert await meter_prepaid(any_container, world, TG) == 0
    panel = memory_panel(any_container)
    assert await panel.get_user_by_username(panel_username(world.tenant.id, TG)) is None
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(TG)
        assert user is not None
        assert await uow.subscriptions.of_user(user.id) is None

    await any_container.wallet_notices().flush()
    [told] = admin_texts(any_container)
    assert "refused" in told and "Month" in told
    with pytest.raises(SaleRefused):  # again at once: the admins are not flooded
        await any_container.purchase_plan()(buy(world, key="k2"))
    await any_container.wallet_notices().flush()
    assert len(admin_texts(any_container)) == 1


async def test_the_credit_limit_lets_the_wallet_go_exactly_that_far_below_zero(
    any_container: Container,
) -> None:
    world = await sale_world(any_container, credit_limit=50 * RATE)
    await world.customer(TG, balance=100_000)
    await any_container.purchase_plan()(buy(world, key="a"))
    assert (await wallet_of(any_container, world.tenant.id)).balance == -50 * RATE
    with pytest.raises(SaleRefused):
        await any_container.purchase_plan()(buy(world, key="b"))
    assert await world.balance(TG) == 70_000


async def test_an_unlimited_plan_needs_a_wholesale_price_under_the_sale_model(
    any_container: Container,
) -> None:
    world = await sale_world(any_container)
    unlimited = await add_plan(any_container, world.tenant, name="Unlimited", traffic_gb=0)
    await top_up(any_container, world.tenant.id, 1_000_000)
    await world.customer(TG, balance=100_000)
    request = PurchaseInput(world.tenant, TG, unlimited.id, "u1")
    with pytest.raises(SaleRefused) as refused:
        await any_container.purchase_plan()(request)
    assert refused.value.reason == "unlimited_plan_needs_wholesale_price"
    await any_container.wallet_notices().flush()
    assert "wholesale" in admin_texts(any_container)[0]

    await configure(any_container, world.tenant.id, unlimited_wholesale_price=12_345)
    await any_container.purchase_plan()(request)
    *_, sale = await ledger_of(any_container, world.tenant.id)
    assert (sale.amount, sale.traffic_bytes) == (-12_345, 0)


async def test_hybrid_charges_its_share_at_sale_and_prepays_that_share_of_bytes(
    any_container: Container,
) -> None:
    world = await sale_world(any_container, model=BillingModel.HYBRID, hybrid_prepay_percent=33)
    await top_up(any_container, world.tenant.id, 1_000_000)
    await world.customer(TG, balance=100_000)
    await any_container.purchase_plan()(buy(world))
    *_, sale = await ledger_of(any_container, world.tenant.id)
    assert sale.amount == -mul_div_round_half_up(50 * RATE, 33, 100)
    assert sale.traffic_bytes == 50 * GIB * 33 // 100
    assert await meter_prepaid(any_container, world, TG) == 50 * GIB * 33 // 100


async def test_consumption_sales_cost_nothing_and_write_nothing(any_container: Container) -> None:
    world = await sale_world(any_container, model=BillingModel.CONSUMPTION)
    await world.customer(TG, balance=100_000)
    await any_container.purchase_plan()(buy(world))  # an empty wallet is no obstacle
    assert await ledger_of(any_container, world.tenant.id) == []


async def test_without_billing_settings_nothing_is_charged_or_refused(
    any_container: Container,
) -> None:
    """The platform default rate is 0 (FLEET_BILLING_RATE_PER_GB unset): shops sell as
    before, unlimited plans included, and a sale that costs nothing writes nothing."""
    tenant = await billed_tenant(any_container)
    world = await open_shop(any_container, tenant, traffic_gb=20)
    unlimited = await add_plan(any_container, tenant, name="Unlimited", traffic_gb=0)
    await world.customer(TG, balance=100_000)
    await any_container.purchase_plan()(buy(world))
    await any_container.purchase_plan()(PurchaseInput(tenant, TG, unlimited.id, "u"))
    assert await ledger_of(any_container, tenant.id) == []
    assert await meter_prepaid(any_container, world, TG) == 0
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.wallet.get() is None


async def test_two_concurrent_sales_with_wallet_room_for_one(any_container: Container) -> None:
    world = await sale_world(any_container)
    await top_up(any_container, world.tenant.id, 50 * RATE)
    await world.customer(TG, balance=30_000)
    await world.customer(OTHER, balance=30_000)
    results = await asyncio.gather(
        any_container.purchase_plan()(buy(world, TG, "x")),
        any_container.purchase_plan()(buy(world, OTHER, "y")),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], SaleRefused), results
    assert (await wallet_of(any_container, world.tenant.id)).balance == 0
    assert sorted([await world.balance(TG), await world.balance(OTHER)]) == [0, 30_000]
    kinds = [e.kind for e in await ledger_of(any_container, world.tenant.id)]
    assert kinds == [WalletKind.TOP_UP, WalletKind.SALE_CHARGE]


async def test_a_refunded_sale_gives_back_the_charge_and_the_prepaid_bytes(
    any_container: Container,
) -> None:
    world = await sale_world(any_container)
    await top_up(any_container, world.tenant.id, 1_000_000)
    await world.customer(TG, balance=30_000)
    bogus = "00000000-0000-0000-0000-000000000000"  # a squad the panel does not know
    await any_container.set_config_value()(
        SetConfigInput(world.tenant.id, "panel_squads", [bogus], True)
    )
    outcome = await any_container.purchase_plan()(buy(world))
    assert outcome.provisioning is Provisioned.REFUNDED
    entries = await ledger_of(any_container, world.tenant.id)
    assert [(e.kind, e.amount) for e in entries] == [
        (WalletKind.TOP_UP, 1_000_000),
        (WalletKind.SALE_CHARGE, -50 * RATE),
        (WalletKind.REFUND, 50 * RATE),
    ]
    assert entries[-1].traffic_bytes == -50 * GIB
    assert (await wallet_of(any_container, world.tenant.id)).balance == 1_000_000
    assert await meter_prepaid(any_container, world, TG) == 0
    async with any_container.uow().for_tenant(world.tenant.id) as uow:  # refunded once only
        await any_container.sale_billing().refund_sale(uow, "purchase:k1")
        await uow.commit()
    assert len(await ledger_of(any_container, world.tenant.id)) == 3


async def test_the_master_tenant_is_charged_but_never_refused(any_container: Container) -> None:
    token = new_bot_token()
    memory_telegram(any_container).register(token, "master_bot")
    master = await any_container.ensure_master()(EnsureMasterInput(token, (1,)))
    await configure(any_container, master.id, model=BillingModel.SALE, rate_per_gb=RATE)
    world = await open_shop(any_container, master, traffic_gb=10)
    await world.customer(TG, balance=100_000)
    await any_container.purchase_plan()(buy(world))
    assert (await wallet_of(any_container, master.id)).balance == -10 * RATE
    await any_container.wallet_notices().flush()
    assert admin_texts(any_container, 1) == []


async def test_a_settings_change_reaches_the_next_sale_at_once(any_container: Container) -> None:
    """Whether a sale is free is read from the cache; a settings change invalidates it."""
    tenant = await billed_tenant(any_container)
    world = await open_shop(any_container, tenant, traffic_gb=10)
    await world.customer(TG, balance=100_000)
    await any_container.purchase_plan()(buy(world, key="free"))
    assert await ledger_of(any_container, tenant.id) == []
    await configure(any_container, tenant.id, rate_per_gb=RATE, credit_limit=10**9)
    await any_container.purchase_plan()(buy(world, key="charged"))
    [sale] = await ledger_of(any_container, tenant.id)
    assert sale.amount == -10 * RATE
