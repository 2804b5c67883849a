"""The referral program (issue #14 item 1) on both adapter sets.

Money paths: every bonus has its race (the same source approved or delivered
concurrently) and its replay (the same source twice). Cases considered:
- a chain of three users: each referrer earns from its direct referee only;
- percent of an odd amount: rounded down to the minor unit, never more;
- the same card payment approved twice at once / the same Stars charge delivered
  twice at once: one bonus (the ledger key `ref:<source key>` is unique);
- a refunded source (the panel refusing a purchase for good) reverses its bonus,
  once, and never below zero when the referrer spent it;
- self-referral (own code in /start), a code of another tenant, a code given to
  an existing user, the flag off: nobody is referred or paid;
- a referee's first top-up bonus: once, only for the first top-up;
- `first_purchase_only`: only the referee's first paying event pays;
- the referrer is told, the referee told of their welcome bonus;
- the ledger invariant after every journey: balance == sum of rows, every user.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from dependency_injector import providers

from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.application.payments.stars_top_up import StarsPayment
from src.application.shop.purchase_plan import PurchaseInput
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.update_tenant import UpdateTenantInput
from src.core.errors import DomainError
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerKind
from src.core.shop.user import ShopUser
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from tests.support.doubles import memory_messenger
from tests.support.shop import ShopWorld, assert_ledger_invariant, shop_world
from tests.support.top_ups import add_cards, enable, pending_payment

ADMIN = 900_001
A, B, C = 710_001, 710_002, 710_003


@pytest.fixture
def c(any_container: Container) -> Container:
    any_container.receipt_desk.override(providers.Singleton(InMemoryReceiptDesk))
    any_container.rotation_random.override(providers.Object(random.Random(7)))
    return any_container


async def referral_shop(c: Container, **config: object) -> tuple[ShopWorld, Tenant]:
    world = await shop_world(c, "Referrals")
    tid = world.tenant.id
    await c.update_tenant()(UpdateTenantInput(tid, by_master=True, admin_ids=(ADMIN,)))
    await enable(c, tid, "referral_program", **({"percent": 7} | config))
    await enable(c, tid, "card_to_card", min_amount=100, max_amount=10_000_000)
    await enable(c, tid, "telegram_stars", min_amount=100, max_amount=10_000_000)
    await c.set_config_value()(SetConfigInput(tid, "stars_rate", 1, True))
    await add_cards(c, tid, 1)
    return world, await c.get_tenant()(tid)


async def register(c: Container, tenant: Tenant, tg: int, referrer: ShopUser | None) -> ShopUser:
    payload = f"ref_{referrer.referral_code}" if referrer else None
    got = await c.register_user()(RegisterInput(tenant, tg, start_payload=payload))
    return got.user


async def user(c: Container, tenant_id: TenantId, tg: int) -> ShopUser:
    async with c.uow().for_tenant(tenant_id) as uow:
        found = await uow.users.by_telegram_id(tg)
    assert found is not None
    return found


async def approve_top_up(c: Container, tenant: Tenant, tg: int, amount: int) -> int:
    payment = await pending_payment(c, tenant, tg, amount)
    await c.decide_card_payment()(DecisionInput(tenant.id, payment.id, True, Decider(ADMIN)))
    return payment.id


async def bonuses(c: Container, tenant_id: TenantId, user_id: ShopUserId) -> list[int]:
    async with c.uow().for_tenant(tenant_id) as uow:
        rows = await uow.ledger.entries(user_id, limit=100, offset=0)
    return [e.amount for e in reversed(rows) if e.kind is LedgerKind.REFERRAL_BONUS]


async def test_a_chain_of_three_pays_each_referrer_percent_of_its_referee(c: Container) -> None:
    _, tenant = await referral_shop(c)
    a = await register(c, tenant, A, None)
    b = await register(c, tenant, B, a)
    cc = await register(c, tenant, C, b)
    assert (b.referred_by, cc.referred_by) == (a.id, b.id)

    await approve_top_up(c, tenant, C, 12_345)  # 7% = 864.15 -> 864 to B, nothing to A
    await approve_top_up(c, tenant, B, 10_000)  # 7% = 700 to A
    assert await bonuses(c, tenant.id, b.id) == [864]
    assert await bonuses(c, tenant.id, a.id) == [700]
    assert await bonuses(c, tenant.id, cc.id) == []
    assert (await user(c, tenant.id, B)).balance == 10_864
    told = memory_messenger(c).to(B)
    assert any("Referral bonus: 8.64 RUB" in text for text in told), told

    screen = await c.get_referral_screen()(tenant, B)
    assert (screen.summary.invited, screen.summary.paid, screen.summary.earned) == (1, 1, 864)
    assert screen.link == f"https://t.me/{tenant.username}?start=ref_{b.referral_code}"
    detail = await c.get_user()(tenant.id, b.id)
    assert detail.referrals.earned == 864
    await assert_ledger_invariant(c, tenant.id)


async def test_the_same_top_up_approved_twice_at_once_pays_one_bonus(c: Container) -> None:
    _, tenant = await referral_shop(c)
    a = await register(c, tenant, A, None)
    await register(c, tenant, B, a)
    payment = await pending_payment(c, tenant, B, 20_000)
    decide = DecisionInput(tenant.id, payment.id, True, Decider(ADMIN))
    results = await asyncio.gather(
        c.decide_card_payment()(decide), c.decide_card_payment()(decide), return_exceptions=True
    )
    assert sum(not isinstance(r, DomainError) for r in results) == 1, results
    again = await asyncio.gather(c.decide_card_payment()(decide), return_exceptions=True)
    assert isinstance(again[0], DomainError)  # a replay later: decided already
    assert await bonuses(c, tenant.id, a.id) == [1_400]
    await assert_ledger_invariant(c, tenant.id)


async def test_the_same_stars_payment_delivered_twice_at_once_pays_one_bonus(
    c: Container,
) -> None:
    _, tenant = await referral_shop(c)
    a = await register(c, tenant, A, None)
    await register(c, tenant, B, a)
    invoice = await c.offer_stars_invoice()(tenant, B, 5_001)
    paid = StarsPayment(tenant, B, "XTR", invoice.stars, invoice.payload, "charge-1")
    credits = await asyncio.gather(*(c.credit_stars_payment()(paid) for _ in range(3)))
    assert sorted(cr.repeated for cr in credits) == [False, True, True]
    await c.credit_stars_payment()(paid)  # a replay later
    assert await bonuses(c, tenant.id, a.id) == [350]  # 7% of 5,001 = 350.07
    await assert_ledger_invariant(c, tenant.id)


async def test_a_refunded_purchase_reverses_its_bonus(c: Container) -> None:
    world, tenant = await referral_shop(c, source="purchase", percent=10)
    a = await register(c, tenant, A, None)
    b = await register(c, tenant, B, a)
    await approve_top_up(c, tenant, B, 60_000)
    assert await bonuses(c, tenant.id, a.id) == []  # top-ups do not pay in purchase mode
    await c.purchase_plan()(PurchaseInput(tenant, B, world.plan.id, "ok"))
    assert await bonuses(c, tenant.id, a.id) == [3_000]
    bogus = "00000000-0000-0000-0000-000000000000"  # the panel refuses: refunded for good
    await c.set_config_value()(SetConfigInput(tenant.id, "panel_squads", [bogus], True))
    await c.purchase_plan()(PurchaseInput(tenant, B, world.plan.id, "refused"))
    assert await bonuses(c, tenant.id, a.id) == [3_000, 3_000, -3_000]
    assert (await user(c, tenant.id, A)).balance == 3_000
    assert (await user(c, tenant.id, B)).balance == 30_000
    await assert_ledger_invariant(c, tenant.id)
    assert b.referred_by == a.id


async def test_a_reversal_never_takes_more_than_the_referrer_has(c: Container) -> None:
    world, tenant = await referral_shop(c, source="purchase", percent=50)
    a = await register(c, tenant, A, None)
    await register(c, tenant, B, a)
    await approve_top_up(c, tenant, B, 30_000)
    await c.purchase_plan()(PurchaseInput(tenant, B, world.plan.id, "sale"))
    assert await bonuses(c, tenant.id, a.id) == [15_000]
    await approve_top_up(c, tenant, A, 20_000)
    await c.purchase_plan()(PurchaseInput(tenant, A, world.plan.id, "spent"))  # 35,000 - 30,000
    reverse, now = c.referral_rewards(), c.clock().now()
    for _ in range(2):  # the refund of the source, replayed
        async with c.uow().for_tenant(tenant.id) as uow:
            await reverse.reverse(uow, "purchase:sale", now)  # key of "sale"
            await uow.commit()
    assert await bonuses(c, tenant.id, a.id) == [15_000, -5_000]
    assert (await user(c, tenant.id, A)).balance == 0
    await assert_ledger_invariant(c, tenant.id)


async def test_self_foreign_and_late_referrals_are_refused(c: Container) -> None:
    _, tenant = await referral_shop(c)
    a = await register(c, tenant, A, None)
    again = await register(c, tenant, A, a)  # own code: an existing user is not re-referred
    assert again.referred_by is None
    b = await register(c, tenant, B, None)
    late = await register(c, tenant, B, a)  # a code given to an existing user: no change
    assert late.referred_by is None and late.id == b.id
    _, other = await referral_shop(c)
    foreign = await register(c, other, C, a)  # a code of another tenant's user
    assert foreign.referred_by is None
    await approve_top_up(c, tenant, B, 10_000)
    assert await bonuses(c, tenant.id, a.id) == []


async def test_the_flag_off_pays_nothing(c: Container) -> None:
    _, tenant = await referral_shop(c)
    a = await register(c, tenant, A, None)
    await register(c, tenant, B, a)
    from src.application.tenancy.features import SetFeatureInput

    await c.set_feature()(SetFeatureInput(tenant.id, "referral_program", False))
    await approve_top_up(c, tenant, B, 10_000)
    assert await bonuses(c, tenant.id, a.id) == []


async def test_the_referee_first_top_up_bonus_is_paid_once(c: Container) -> None:
    _, tenant = await referral_shop(c, first_top_up_bonus=2_500, first_purchase_only=True)
    a = await register(c, tenant, A, None)
    b = await register(c, tenant, B, a)
    await approve_top_up(c, tenant, B, 10_000)
    await approve_top_up(c, tenant, B, 10_000)
    assert await bonuses(c, tenant.id, b.id) == [2_500]
    assert await bonuses(c, tenant.id, a.id) == [700]  # first_purchase_only: once
    assert any("Welcome bonus: 25.00 RUB" in t for t in memory_messenger(c).to(B))
    screen = await c.get_referral_screen()(tenant, B)
    assert screen.summary.earned == 0  # the welcome bonus is not a referral earning
    await assert_ledger_invariant(c, tenant.id)
