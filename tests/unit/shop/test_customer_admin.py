"""The management side of customers on both adapter sets (in-memory and real PostgreSQL):
list and search users, one user with their ledger, balance adjustments (with their replay
and their race), subscriptions with a status computed by the clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from src.application.shop.adjust_balance import AdjustBalanceInput, BalanceAdjusted
from src.application.shop.errors import IdempotencyKeyReused, UserNotFound
from src.application.shop.purchase_plan import PurchaseInput
from src.application.shop.register_user import RegisterInput
from src.core.errors import InsufficientFunds, TenantNotFound, ValidationError
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerKind
from src.core.shop.subscription import SubscriptionStatus
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.shop import ShopWorld, shop_world

NO_TENANT = TenantId(10**9)


async def user(
    world: ShopWorld, telegram_id: int, username: str | None = None, first_name: str | None = None
) -> ShopUserId:
    registered = await world.container.register_user()(
        RegisterInput(world.tenant, telegram_id, username=username, first_name=first_name)
    )
    return registered.user.id


def adjust(
    world: ShopWorld,
    user_id: ShopUserId,
    amount: int,
    reason: str = "goodwill",
    idempotency_key: str | None = None,
) -> AdjustBalanceInput:
    return AdjustBalanceInput(world.tenant.id, user_id, amount, reason, idempotency_key)


async def test_search_matches_names_or_the_exact_telegram_id(any_container: Container) -> None:
    world, other = await shop_world(any_container), await shop_world(any_container, "Other")
    alice = await user(world, 111, "Alice_VPN", "Alice")
    bob = await user(world, 222, "bobby", "Robert")
    reza = await user(world, 333, None, "Ali Reza")
    await user(other, 444, "alice_elsewhere", "Alice")
    list_users = any_container.list_users()

    async def found(query: str | None) -> list[ShopUserId]:
        page = await list_users(world.tenant.id, query=query)
        assert page.total == len(page.items)
        return [u.id for u in page.items]

    assert await found(None) == [alice, bob, reza]
    assert await found("  ") == [alice, bob, reza]
    assert await found("ali") == [alice, reza]
    assert await found(" @ALICE_vpn ") == [alice]
    assert await found("ROB") == [bob]
    assert await found("222") == [bob]
    assert await found("22") == []
    assert await found("_") == [alice]  # a LIKE wildcard is a plain character
    assert await found("%") == []
    assert await found("9" * 40) == []  # longer than any id: no match, no overflow
    assert await found("²") == []  # a digit, but not a number
    with pytest.raises(ValidationError) as err:
        await found("x" * 101)
    assert err.value.field == "query"
    with pytest.raises(ValidationError):
        await found("a\x00b")
    with pytest.raises(TenantNotFound):
        await list_users(NO_TENANT)


async def test_pages_are_by_id_with_the_total_and_clamped_limits(any_container: Container) -> None:
    world = await shop_world(any_container)
    ids = [await user(world, 1000 + i, f"user{i}") for i in range(5)]
    list_users = any_container.list_users()
    page = await list_users(world.tenant.id, limit=2, offset=1)
    assert ([u.id for u in page.items], page.total) == (ids[1:3], 5)
    assert [u.id for u in (await list_users(world.tenant.id, limit=0)).items] == ids[:1]
    assert len((await list_users(world.tenant.id, limit=10**6)).items) == 5
    assert [u.id for u in (await list_users(world.tenant.id, offset=-5)).items] == ids
    assert (await list_users(world.tenant.id, query="user", offset=9)).items == []


async def test_one_user_with_the_latest_20_ledger_rows(any_container: Container) -> None:
    world, other = await shop_world(any_container), await shop_world(any_container, "Other")
    uid = await user(world, 555)
    for i in range(1, 23):
        await any_container.adjust_balance()(adjust(world, uid, i, f"credit {i}"))
    detail = await any_container.get_user()(world.tenant.id, uid)
    assert detail.user.balance == sum(range(1, 23))
    assert [e.amount for e in detail.ledger] == list(range(22, 2, -1))
    assert detail.ledger[0].balance_after == detail.user.balance
    with pytest.raises(UserNotFound):
        await any_container.get_user()(other.tenant.id, uid)
    with pytest.raises(TenantNotFound):
        await any_container.get_user()(NO_TENANT, uid)


async def test_adjustments_credit_and_debit_with_the_reason(any_container: Container) -> None:
    world = await shop_world(any_container)
    uid = await user(world, 555)
    credit = await any_container.adjust_balance()(adjust(world, uid, 500, "  welcome bonus "))
    debit = await any_container.adjust_balance()(adjust(world, uid, -200, "correction"))
    assert (credit.user.balance, debit.user.balance) == (500, 300)
    assert (debit.entry.kind, debit.entry.amount, debit.entry.balance_after) == (
        LedgerKind.ADJUSTMENT,
        -200,
        300,
    )
    assert credit.entry.reference == "welcome bonus"
    assert not credit.repeated and credit.entry.idempotency_key.startswith("adjust:")
    assert credit.entry.idempotency_key != debit.entry.idempotency_key  # no key: each applies
    assert (await any_container.get_user()(world.tenant.id, uid)).user.balance == 300


async def test_a_debit_beyond_the_balance_names_it_and_writes_nothing(
    any_container: Container,
) -> None:
    world = await shop_world(any_container)
    uid = await world.customer(555, balance=1_000)
    with pytest.raises(InsufficientFunds) as err:
        await any_container.adjust_balance()(adjust(world, uid, -1_001))
    assert err.value.code == "insufficient_funds" and "1000" in err.value.message
    detail = await any_container.get_user()(world.tenant.id, uid)
    assert detail.user.balance == 1_000 and len(detail.ledger) == 1
    emptied = await any_container.adjust_balance()(adjust(world, uid, -1_000))
    assert emptied.user.balance == 0


@pytest.mark.parametrize(
    ("amount", "reason", "key", "field"),
    [
        (0, "x", None, "amount"),
        (10**12 + 1, "x", None, "amount"),
        (-(10**12) - 1, "x", None, "amount"),
        (1, "", None, "reason"),
        (1, "x" * 201, None, "reason"),
        (1, "two\nlines", None, "reason"),
        (1, "x", "", "idempotency_key"),
        (1, "x", "k" * 194, "idempotency_key"),
        (1, "x", "nul\x00", "idempotency_key"),
    ],
)
async def test_invalid_adjustments_name_the_field(
    any_container: Container, amount: int, reason: str, key: str | None, field: str
) -> None:
    world = await shop_world(any_container)
    uid = await user(world, 555)
    with pytest.raises(ValidationError) as err:
        await any_container.adjust_balance()(
            adjust(world, uid, amount, reason, idempotency_key=key)
        )
    assert err.value.field == field
    assert (await any_container.get_user()(world.tenant.id, uid)).ledger == []


async def test_missing_or_foreign_user_or_tenant_is_not_found(any_container: Container) -> None:
    world, other = await shop_world(any_container), await shop_world(any_container, "Other")
    theirs = await user(other, 555)
    with pytest.raises(UserNotFound):
        await any_container.adjust_balance()(adjust(world, theirs, 100))
    with pytest.raises(TenantNotFound):
        await any_container.adjust_balance()(AdjustBalanceInput(NO_TENANT, theirs, 100, "goodwill"))
    assert (await any_container.get_user()(other.tenant.id, theirs)).user.balance == 0


async def test_the_same_key_applies_once_and_names_one_adjustment(
    any_container: Container,
) -> None:
    world, other = await shop_world(any_container), await shop_world(any_container, "Other")
    uid, second = await user(world, 555), await user(world, 556)
    first = await any_container.adjust_balance()(adjust(world, uid, 700, idempotency_key="r-1"))
    replay = await any_container.adjust_balance()(adjust(world, uid, 700, idempotency_key="r-1"))
    assert replay.repeated and replay.entry == first.entry and replay.user == first.user
    assert first.entry.idempotency_key == "adjust:r-1"
    for again in (
        adjust(world, uid, 701, idempotency_key="r-1"),
        adjust(world, uid, 700, "another reason", idempotency_key="r-1"),
        adjust(world, second, 700, idempotency_key="r-1"),
    ):
        with pytest.raises(IdempotencyKeyReused):
            await any_container.adjust_balance()(again)
    detail = await any_container.get_user()(world.tenant.id, uid)
    assert detail.user.balance == 700 and len(detail.ledger) == 1
    theirs = await user(other, 555)
    elsewhere = await any_container.adjust_balance()(
        AdjustBalanceInput(other.tenant.id, theirs, 700, "goodwill", idempotency_key="r-1")
    )
    assert not elsewhere.repeated  # keys are per tenant


async def test_two_concurrent_debits_with_balance_for_one(any_container: Container) -> None:
    world = await shop_world(any_container)
    uid = await world.customer(555, balance=1_000)
    results = await asyncio.gather(
        *(any_container.adjust_balance()(adjust(world, uid, -1_000)) for _ in range(2)),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["BalanceAdjusted", "InsufficientFunds"]
    assert (await any_container.get_user()(world.tenant.id, uid)).user.balance == 0


async def test_concurrent_uses_of_one_key(any_container: Container) -> None:
    world = await shop_world(any_container)
    uid, second = await user(world, 555), await user(world, 556)
    retries = await asyncio.gather(
        *(
            any_container.adjust_balance()(adjust(world, uid, 10, idempotency_key="dbl"))
            for _ in range(3)
        )
    )
    assert len({r.entry.id for r in retries}) == 1
    assert sorted(r.repeated for r in retries) == [False, True, True]
    # one key for two users at once: the rows of two users do not serialize, the key does
    clash = await asyncio.gather(
        any_container.adjust_balance()(adjust(world, uid, 5, idempotency_key="clash")),
        any_container.adjust_balance()(adjust(world, second, 5, idempotency_key="clash")),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in clash) == ["BalanceAdjusted", "IdempotencyKeyReused"]
    applied = next(r for r in clash if isinstance(r, BalanceAdjusted))
    balances = [
        (await any_container.get_user()(world.tenant.id, u)).user.balance for u in (uid, second)
    ]
    assert sum(balances) == 10 + 5 and applied.entry.amount == 5


async def test_subscriptions_by_user_with_the_status_of_the_clock(
    any_container: Container, clock: FrozenClock
) -> None:
    world, other = await shop_world(any_container), await shop_world(any_container, "Other")
    buyer = await world.customer(555, balance=30_000)
    idle = await world.customer(556)
    list_subscriptions = any_container.list_subscriptions()
    assert (await list_subscriptions(world.tenant.id)).total == 0
    await any_container.purchase_plan()(PurchaseInput(world.tenant, 555, world.plan.id, "b"))

    page = await list_subscriptions(world.tenant.id)
    assert page.total == 1
    (sub,) = page.items
    assert (sub.user_id, sub.plan_id, page.status(sub)) == (
        buyer,
        world.plan.id,
        SubscriptionStatus.ACTIVE,
    )
    assert (await list_subscriptions(world.tenant.id, user_id=buyer)).items == [sub]
    assert (await list_subscriptions(world.tenant.id, user_id=idle)).total == 0
    assert (await list_subscriptions(other.tenant.id)).total == 0
    assert (await list_subscriptions(world.tenant.id, offset=1)).items == []

    clock.advance(timedelta(days=30))  # expiry is exclusive: at the instant it ends, expired
    later = await list_subscriptions(world.tenant.id, limit=0)
    assert [later.status(s) for s in later.items] == [SubscriptionStatus.EXPIRED]
    with pytest.raises(TenantNotFound):
        await list_subscriptions(NO_TENANT)
