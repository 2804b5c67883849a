"""Promo codes (issue #14 item 2) on both adapter sets.

Cases considered: each kind end to end (balance credit, days on the current
subscription and on the next one, a discount on the next purchase that expires
with the code); the last remaining use under 20 concurrent redemptions by 20
users (exactly one); the same user twice, also concurrently (once); an expired,
not yet valid, inactive or foreign-tenant code; codes differing only in case
(one code); brute force (5 wrong codes an hour, the 6th refused even when right,
allowed again after the hour); hostile input (NUL, 10 kB, emoji, an empty string:
a wrong code, no error); a tenant's CRUD with another tenant's ids (not found);
the flag off; the ledger invariant after every journey.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from src.application.growth.promo_codes import UpdatePromoCodeInput
from src.application.shop.errors import FeatureDisabled
from src.application.shop.purchase_plan import PurchaseInput
from src.application.tenancy.features import SetFeatureInput
from src.core.errors import ValidationError
from src.core.growth.promo import (
    PromoCodeNotFound,
    PromoCodeTaken,
    PromoKind,
    PromoRefused,
    PromoTerms,
    TooManyPromoAttempts,
)
from src.core.ids import TenantId
from src.core.shop.ledger import LedgerKind
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.shop import ShopWorld, assert_ledger_invariant, shop_world
from tests.support.top_ups import enable

USER = 720_001


async def promo_shop(c: Container, name: str = "Promo") -> ShopWorld:
    world = await shop_world(c, name)
    await enable(c, world.tenant.id, "promo_codes")
    return world


async def code(
    c: Container, tenant_id: TenantId, raw: str, kind: PromoKind, value: int, **kw: object
) -> int:
    promo = await c.create_promo_code()(tenant_id, PromoTerms(raw, kind, value, **kw))  # type: ignore[arg-type]
    return promo.id


async def refused(c: Container, world: ShopWorld, raw: str, tg: int = USER) -> str:
    with pytest.raises(PromoRefused) as err:
        await c.redeem_promo_code()(world.tenant, tg, raw)
    return err.value.reason


async def test_a_balance_code_credits_once_and_is_case_insensitive(
    any_container: Container,
) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER)
    await code(c, world.tenant.id, "Spring-25", PromoKind.BALANCE, 2_500)
    got = await c.redeem_promo_code()(world.tenant, USER, "  spring-25 ")
    assert (got.kind, got.balance, got.pending) == (PromoKind.BALANCE, 2_500, False)
    assert await refused(c, world, "SPRING-25") == "already_used"
    assert await world.balance(USER) == 2_500
    async with c.uow().for_tenant(world.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
        assert user is not None
        [row] = await uow.ledger.entries(user.id, limit=10, offset=0)
    assert (row.kind, row.reference) == (LedgerKind.PROMO, "promo:SPRING-25")
    await assert_ledger_invariant(c, world.tenant.id)


async def test_a_days_code_extends_the_current_subscription_now(
    any_container: Container, clock: FrozenClock
) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER, balance=30_000)
    bought = await c.purchase_plan()(PurchaseInput(world.tenant, USER, world.plan.id, "k"))
    await code(c, world.tenant.id, "WEEK", PromoKind.DAYS, 7)
    got = await c.redeem_promo_code()(world.tenant, USER, "week")
    assert got.subscription is not None and not got.pending
    assert got.subscription.expires_at == bought.subscription.expires_at + timedelta(days=7)
    assert got.subscription.provisioned  # the panel was told
    await assert_ledger_invariant(c, world.tenant.id)


async def test_a_days_code_without_a_subscription_waits_for_the_next_purchase(
    any_container: Container, clock: FrozenClock
) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER, balance=60_000)
    await code(c, world.tenant.id, "WEEK", PromoKind.DAYS, 7)
    got = await c.redeem_promo_code()(world.tenant, USER, "WEEK")
    assert got.pending and got.subscription is None
    first = await c.purchase_plan()(PurchaseInput(world.tenant, USER, world.plan.id, "a"))
    assert first.subscription.expires_at == clock.now() + timedelta(days=37)
    second = await c.purchase_plan()(PurchaseInput(world.tenant, USER, world.plan.id, "b"))
    assert second.subscription.expires_at == clock.now() + timedelta(days=67)  # spent once


async def test_a_discount_code_takes_its_percent_off_the_next_purchase_only(
    any_container: Container,
) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER, balance=100_000)
    await code(c, world.tenant.id, "THIRD", PromoKind.DISCOUNT, 33)
    assert (await c.redeem_promo_code()(world.tenant, USER, "third")).pending
    first = await c.purchase_plan()(PurchaseInput(world.tenant, USER, world.plan.id, "a"))
    assert first.balance == 100_000 - 20_100  # 30,000 less 33% (9,900)
    second = await c.purchase_plan()(PurchaseInput(world.tenant, USER, world.plan.id, "b"))
    assert second.balance == first.balance - 30_000
    await assert_ledger_invariant(c, world.tenant.id)


async def test_a_discount_expires_with_its_code(
    any_container: Container, clock: FrozenClock
) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER, balance=30_000)
    until = clock.now() + timedelta(days=1)
    await code(c, world.tenant.id, "FLASH", PromoKind.DISCOUNT, 50, valid_until=until)
    await c.redeem_promo_code()(world.tenant, USER, "FLASH")
    clock.advance(timedelta(days=2))
    bought = await c.purchase_plan()(PurchaseInput(world.tenant, USER, world.plan.id, "a"))
    assert bought.balance == 0  # full price: the code expired before the purchase


async def test_the_last_use_under_20_concurrent_redemptions_gives_exactly_one(
    any_container: Container,
) -> None:
    c = any_container
    world = await promo_shop(c)
    users = [USER + i for i in range(20)]
    for tg in users:
        await world.customer(tg)
    promo_id = await code(c, world.tenant.id, "LAST", PromoKind.BALANCE, 1_000, max_uses=2)
    await world.customer(720_999)
    await c.redeem_promo_code()(world.tenant, 720_999, "LAST")  # one use left
    results = await asyncio.gather(
        *(c.redeem_promo_code()(world.tenant, tg, "LAST") for tg in users), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, PromoRefused)]
    assert len(winners) == 1 and len(losers) == 19, results
    assert {r.reason for r in losers} == {"used_up"}
    assert sum([await world.balance(tg) for tg in users]) == 1_000
    assert (await c.get_promo_code()(world.tenant.id, promo_id)).uses == 2
    await assert_ledger_invariant(c, world.tenant.id)


async def test_one_user_redeeming_twice_at_once_gets_it_once(any_container: Container) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER)
    await code(c, world.tenant.id, "TWICE", PromoKind.BALANCE, 700)
    results = await asyncio.gather(
        *(c.redeem_promo_code()(world.tenant, USER, "twice") for _ in range(5)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1, results
    assert await world.balance(USER) == 700


async def test_expired_future_inactive_and_foreign_codes_are_refused(
    any_container: Container, clock: FrozenClock
) -> None:
    c = any_container
    world = await promo_shop(c)
    other = await promo_shop(c, "Other")
    await world.customer(USER)
    now = clock.now()
    await code(c, world.tenant.id, "OLD", PromoKind.BALANCE, 1, valid_until=now)
    await code(
        c, world.tenant.id, "SOON", PromoKind.BALANCE, 1, valid_from=now + timedelta(hours=1)
    )
    await code(c, world.tenant.id, "OFF", PromoKind.BALANCE, 1, active=False)
    await code(c, other.tenant.id, "THEIRS", PromoKind.BALANCE, 1_000)
    assert [await refused(c, world, raw) for raw in ("old", "soon", "off")] == ["expired"] * 3
    assert await refused(c, world, "theirs") == "unknown"
    assert await world.balance(USER) == 0


async def test_five_wrong_codes_an_hour_then_even_the_right_one_waits(
    any_container: Container, clock: FrozenClock
) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER)
    await code(c, world.tenant.id, "RIGHT", PromoKind.BALANCE, 100)
    hostile = ["WRONG1", "a\x00b", "x" * 10_000, "🎁", ""]
    assert [await refused(c, world, raw) for raw in hostile] == ["unknown"] * 5
    with pytest.raises(TooManyPromoAttempts):
        await c.redeem_promo_code()(world.tenant, USER, "RIGHT")
    clock.advance(timedelta(hours=1, seconds=1))
    assert (await c.redeem_promo_code()(world.tenant, USER, "RIGHT")).balance == 100


async def test_the_flag_off_refuses_redemption(any_container: Container) -> None:
    c = any_container
    world = await promo_shop(c)
    await world.customer(USER)
    await code(c, world.tenant.id, "ANY", PromoKind.BALANCE, 100)
    await c.set_feature()(SetFeatureInput(world.tenant.id, "promo_codes", False))
    with pytest.raises(FeatureDisabled):
        await c.redeem_promo_code()(world.tenant, USER, "ANY")


async def test_codes_are_unique_per_tenant_and_another_tenants_ids_are_not_found(
    any_container: Container,
) -> None:
    c = any_container
    world = await promo_shop(c)
    other = await promo_shop(c, "Other")
    mine = await code(c, world.tenant.id, "Gift", PromoKind.BALANCE, 100)
    with pytest.raises(PromoCodeTaken):
        await code(c, world.tenant.id, "GIFT", PromoKind.DAYS, 3)
    await code(c, other.tenant.id, "gift", PromoKind.BALANCE, 100)  # another tenant: fine
    with pytest.raises(ValidationError):
        await code(c, world.tenant.id, "no spaces", PromoKind.BALANCE, 100)
    with pytest.raises(ValidationError):
        await code(c, world.tenant.id, "PCT", PromoKind.DISCOUNT, 101)
    with pytest.raises(PromoCodeNotFound):
        await c.get_promo_code()(other.tenant.id, mine)
    with pytest.raises(PromoCodeNotFound):
        await c.update_promo_code()(UpdatePromoCodeInput(other.tenant.id, mine, value=5))
    with pytest.raises(PromoCodeNotFound):
        await c.delete_promo_code()(other.tenant.id, mine)
    changed = await c.update_promo_code()(UpdatePromoCodeInput(world.tenant.id, mine, value=5))
    assert changed.terms.value == 5 and changed.terms.code == "GIFT"
    page = await c.list_promo_codes()(world.tenant.id, limit=10, offset=0)
    assert [p.id for p in page.items] == [mine] and page.total == 1
    await c.delete_promo_code()(world.tenant.id, mine)
    assert (await c.list_promo_codes()(world.tenant.id, limit=10, offset=0)).total == 0
