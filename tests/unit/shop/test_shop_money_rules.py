"""Money and shop rules of issue #10 (items 5, 6, 7, 14) on both adapter sets.

- 5: a trial is only for a user who never had a subscription of the tenant; it never
  replaces a bought plan (in the database or on the panel);
- 6: a trial is a sale of its traffic on the tenant wallet (`trial_charge`), refused
  like a sale; never unlimited; capped by the platform (FLEET_TRIAL_MAX_*);
- 7: a purchase charges the deal the buyer confirmed, or is refused with the new one;
- 14: days left and reminders counted as users count them.

Cases considered beyond the named ones:
- trial and purchase pressed at once (race): the paid plan survives either order;
- two users' trials at once with wallet room for one (race): one passes;
- the same trial twice (replay): one charge; the same confirmed purchase again after
  the price changed (replay): the purchase it was, not a refusal inviting a second;
- the price changed while the purchase runs (race): never the new price on the old
  confirmation;
- the plan's days or traffic changed, the plan deactivated or deleted after confirm;
- a forged offer (any string): refused like a changed plan, nothing charged;
- a trial value stored before a cap was lowered (or a 0 stored before unlimited trials
  were refused): the trial grants the cap;
- a subscription that expired long ago: still no trial;
- several messages in one batch, albums, unreachable admins, Redis or the panel down,
  deep JSON, ids past int64, NUL: no input of these use cases carries them (the bot
  parses the button; the e2e file covers a forged button).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from dependency_injector import providers

from src.application.billing.errors import SaleRefused
from src.application.shop.errors import (
    PlanChanged,
    PlanUnavailable,
    TrialAlreadyUsed,
    TrialNotOffered,
)
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput
from src.application.shop.update_plan import UpdatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.billing.settings import GIB, BillingModel
from src.core.billing.wallet import WalletKind
from src.core.errors import ValidationError
from src.core.shop.subscription import Subscription
from src.core.shop.trial import TrialLimits
from src.core.shop.user import panel_username
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.billing import admin_texts, billed_tenant, ledger_of, open_shop, top_up
from tests.support.doubles import memory_messenger, memory_panel
from tests.support.shop import ShopWorld, shop_world

TG, OTHER = 720_001, 720_002
RATE = 7_919  # minor units per GiB


async def subscription_of(world: ShopWorld, telegram_id: int) -> Subscription | None:
    async with world.container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        assert user is not None
        return await uow.subscriptions.of_user(user.id)


async def sale_world(container: Container, wallet: int) -> ShopWorld:
    tenant = await billed_tenant(container, model=BillingModel.SALE, rate_per_gb=RATE)
    if wallet:
        await top_up(container, tenant.id, wallet)
    return await open_shop(container, tenant, traffic_gb=50)


# --- 5: the trial never replaces a plan --------------------------------------------


async def test_a_trial_after_a_purchase_is_refused_and_changes_nothing(
    any_container: Container,
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "k"))
    bought = await subscription_of(world, TG)

    with pytest.raises(TrialNotOffered):
        await any_container.start_trial()(world.tenant, TG)

    assert await subscription_of(world, TG) == bought
    assert bought is not None and not bought.is_trial
    assert bought.traffic_limit_bytes == 50 * GIB and bought.device_limit == 3
    panel = await memory_panel(any_container).get_user_by_username(
        panel_username(world.tenant.id, TG)
    )
    assert panel is not None
    assert (panel.traffic_limit_bytes, panel.hwid_device_limit) == (50 * GIB, 3)
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(TG)
    assert user is not None and not user.trial_used


async def test_no_trial_after_a_subscription_expired(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "k"))
    clock.advance(timedelta(days=400))
    with pytest.raises(TrialNotOffered):
        await any_container.start_trial()(world.tenant, TG)


async def test_trial_and_purchase_at_once_leave_the_paid_plan(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await asyncio.gather(
        any_container.start_trial()(world.tenant, TG),
        any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "k")),
        return_exceptions=True,
    )
    sub = await subscription_of(world, TG)
    assert sub is not None and sub.plan_id == world.plan.id and not sub.is_trial
    assert sub.traffic_limit_bytes == 50 * GIB
    assert await world.balance(TG) == 0


# --- 6: the trial is a sale on the tenant wallet -------------------------------------


async def test_a_trial_is_a_sale_of_its_traffic_on_the_wallet(any_container: Container) -> None:
    world = await sale_world(any_container, wallet=1_000_000)
    user_id = await world.customer(TG)
    await any_container.start_trial()(world.tenant, TG)

    *_, charge = await ledger_of(any_container, world.tenant.id)
    assert (charge.kind, charge.amount) == (WalletKind.TRIAL_CHARGE, -5 * RATE)
    assert charge.idempotency_key == f"sale:trial:{user_id}"
    assert charge.traffic_bytes == 5 * GIB
    assert charge.balance_after == 1_000_000 - 5 * RATE

    with pytest.raises(TrialAlreadyUsed):  # replay: one trial, one charge
        await any_container.start_trial()(world.tenant, TG)
    charges = [e for e in await ledger_of(any_container, world.tenant.id) if e.amount < 0]
    assert len(charges) == 1


async def test_a_trial_the_wallet_cannot_carry_is_refused_and_changes_nothing(
    any_container: Container,
) -> None:
    world = await sale_world(any_container, wallet=5 * RATE - 1)
    await world.customer(TG)
    with pytest.raises(SaleRefused):
        await any_container.start_trial()(world.tenant, TG)

    assert await subscription_of(world, TG) is None
    async with any_container.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(TG)
    assert user is not None and not user.trial_used  # may try again once the wallet is paid
    assert [e.kind for e in await ledger_of(any_container, world.tenant.id)] == [WalletKind.TOP_UP]
    assert (
        await memory_panel(any_container).get_user_by_username(panel_username(world.tenant.id, TG))
        is None
    )
    await any_container.wallet_notices().flush()
    assert any("trial" in text for text in admin_texts(any_container))


async def test_two_trials_at_once_with_wallet_room_for_one(any_container: Container) -> None:
    world = await sale_world(any_container, wallet=5 * RATE)
    await world.customer(TG)
    await world.customer(OTHER)
    results = await asyncio.gather(
        any_container.start_trial()(world.tenant, TG),
        any_container.start_trial()(world.tenant, OTHER),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["SaleRefused", "TrialOutcome"]
    *_, last = await ledger_of(any_container, world.tenant.id)
    assert last.balance_after == 0


async def test_a_trial_the_panel_refuses_for_good_gives_the_charge_back_once(
    any_container: Container,
) -> None:
    world = await sale_world(any_container, wallet=1_000_000)
    user_id = await world.customer(TG)
    bogus = "00000000-0000-0000-0000-000000000000"  # a squad the panel does not know
    await any_container.set_config_value()(
        SetConfigInput(world.tenant.id, "panel_squads", [bogus], True)
    )
    outcome = await any_container.start_trial()(world.tenant, TG)
    assert outcome.provisioning is Provisioned.REFUNDED
    async with any_container.uow().for_tenant(world.tenant.id) as uow:  # replayed: once
        await any_container.sale_billing().refund_sale(uow, f"trial:{user_id}")
        await uow.commit()
    entries = await ledger_of(any_container, world.tenant.id)
    assert [(e.kind, e.amount) for e in entries] == [
        (WalletKind.TOP_UP, 1_000_000),
        (WalletKind.TRIAL_CHARGE, -5 * RATE),
        (WalletKind.REFUND, 5 * RATE),
    ]


@pytest.mark.parametrize("key", ["trial_traffic_gb", "trial_device_limit"])
async def test_an_unlimited_trial_cannot_be_configured(any_container: Container, key: str) -> None:
    world = await shop_world(any_container)
    for by_master in (False, True):
        with pytest.raises(ValidationError):
            await any_container.set_config_value()(
                SetConfigInput(world.tenant.id, key, 0, by_master)
            )


async def test_the_platform_caps_the_trial(any_container: Container, clock: FrozenClock) -> None:
    any_container.trial_limits.override(providers.Object(TrialLimits(2, 3, 1)))
    world = await shop_world(any_container)
    for key, value in (("trial_days", 3), ("trial_traffic_gb", 4), ("trial_device_limit", 2)):
        with pytest.raises(ValidationError, match="at most"):
            await any_container.set_config_value()(
                SetConfigInput(world.tenant.id, key, value, True)
            )
    async with any_container.uow().for_tenant(world.tenant.id) as uow:  # stored before the cap
        await uow.config.put("trial_days", 30)
        await uow.config.put("trial_traffic_gb", 0)
        await uow.commit()
    await world.customer(TG)
    outcome = await any_container.start_trial()(world.tenant, TG)
    sub = outcome.subscription
    assert sub.expires_at == clock.now() + timedelta(days=2)
    assert (sub.traffic_limit_bytes, sub.device_limit) == (3 * GIB, 1)


# --- 7: the confirmed deal is the charged deal -------------------------------------


def confirmed(world: ShopWorld, key: str, offer: str) -> PurchaseInput:
    return PurchaseInput(world.tenant, TG, world.plan.id, key, offer=offer)


@pytest.mark.parametrize(
    "change", [{"price": 40_000}, {"period_days": 7}, {"traffic_gb": 5}, {"device_limit": 1}]
)
async def test_a_changed_plan_is_not_bought_on_the_old_confirmation(
    any_container: Container, change: dict[str, int]
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    offer = world.plan.offer
    await any_container.update_plan()(
        UpdatePlanInput(world.tenant.id, world.plan.id, **change)  # type: ignore[arg-type]
    )

    with pytest.raises(PlanChanged) as refused:
        await any_container.purchase_plan()(confirmed(world, "k1", offer))
    new = refused.value.plan
    assert {k: getattr(new.terms, k) for k in change} == change
    assert await world.balance(TG) == 100_000
    assert await subscription_of(world, TG) is None

    outcome = await any_container.purchase_plan()(confirmed(world, "k2", new.offer))
    assert outcome.balance == 100_000 - new.terms.price


async def test_a_forged_offer_charges_nothing(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    with pytest.raises(PlanChanged):
        await any_container.purchase_plan()(confirmed(world, "k", "0" * 12))
    assert await world.balance(TG) == 100_000


async def test_a_deactivated_or_deleted_plan_is_not_bought(any_container: Container) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    offer = world.plan.offer
    await any_container.update_plan()(UpdatePlanInput(world.tenant.id, world.plan.id, active=False))
    with pytest.raises(PlanUnavailable):
        await any_container.purchase_plan()(confirmed(world, "k1", offer))
    await any_container.delete_plan()(world.tenant.id, world.plan.id)
    with pytest.raises(PlanUnavailable):
        await any_container.purchase_plan()(confirmed(world, "k2", offer))
    assert await world.balance(TG) == 100_000


async def test_a_confirmed_purchase_pressed_again_after_a_price_change_is_the_same_purchase(
    any_container: Container,
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    request = confirmed(world, "k", world.plan.offer)
    await any_container.purchase_plan()(request)
    await any_container.update_plan()(UpdatePlanInput(world.tenant.id, world.plan.id, price=10_000))
    again = await any_container.purchase_plan()(request)
    assert again.repeated
    assert await world.balance(TG) == 70_000


async def test_a_price_change_during_the_purchase_never_charges_the_new_price(
    any_container: Container,
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=100_000)
    results = await asyncio.gather(
        any_container.purchase_plan()(confirmed(world, "k", world.plan.offer)),
        any_container.update_plan()(UpdatePlanInput(world.tenant.id, world.plan.id, price=45_000)),
        return_exceptions=True,
    )
    assert not isinstance(results[1], BaseException)
    assert await world.balance(TG) in (100_000, 70_000)  # refused, or the confirmed price
    assert isinstance(results[0], PlanChanged) == (await world.balance(TG) == 100_000)


# --- 14: days and reminders as users count them --------------------------------------


async def test_a_fresh_trial_gets_no_reminder_until_its_last_day(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)  # reminder_days [3, 1], a 3-day trial
    await world.customer(TG)
    await any_container.start_trial()(world.tenant, TG)
    clock.advance(timedelta(minutes=10))
    assert (await any_container.run_expiry_jobs()()).reminded == 0
    clock.advance(timedelta(days=1, hours=23, minutes=40))  # 1 day 10 minutes left
    assert (await any_container.run_expiry_jobs()()).reminded == 0
    clock.advance(timedelta(minutes=20))  # 23 hours 50 minutes left
    assert (await any_container.run_expiry_jobs()()).reminded == 1
    assert [m for m in memory_messenger(any_container).to(TG) if "ends on" in m][-1].endswith(
        "(in 1 day). Renew it from the menu to stay connected."
    )


async def test_a_reminder_counts_the_started_day(
    any_container: Container, clock: FrozenClock
) -> None:
    world = await shop_world(any_container)
    await world.customer(TG, balance=30_000)
    await any_container.purchase_plan()(PurchaseInput(world.tenant, TG, world.plan.id, "k"))
    clock.advance(timedelta(days=27, hours=1))  # 2 days 23 hours left
    assert (await any_container.run_expiry_jobs()()).reminded == 1
    [reminder] = [m for m in memory_messenger(any_container).to(TG) if "ends on" in m]
    assert "(in 3 days)" in reminder
