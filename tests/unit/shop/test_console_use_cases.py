"""The use cases the tenant console added, on both adapter sets (in-memory and real
PostgreSQL): block / unblock a user, move a plan up / down, the receipts list oldest
first, and the audit row each change writes in its own transaction.

Cases considered: another tenant's user or plan (not found, nothing written); blocking
twice or unblocking a user who is not blocked (no write, no audit row); two blocks at
once (one audit row); moving the first plan up (nothing written); plans that share a
sort_order (the move still swaps exactly the two); a block seen at once by the cached
check (invalidated), in the other tenant not at all.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from src.application.ports.customers import NewShopUser, SubscriptionTerms
from src.application.shop.block_user import BlockUserInput
from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.errors import UserNotFound
from src.application.shop.move_plan import MovePlanInput
from src.application.shop.register_user import RegisterInput
from src.core.errors import PlanNotFound
from src.core.ids import PlanId, ShopUserId
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.plan import PlanTerms
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.shop import ShopWorld, shop_world

TG = 515_151
ACTOR = "tg:42"


async def registered(world: ShopWorld, telegram_id: int = TG) -> ShopUserId:
    done = await world.container.register_user()(RegisterInput(world.tenant, telegram_id))
    return done.user.id


async def test_block_and_unblock_once_each_audited_and_seen_at_once(
    any_container: Container,
) -> None:
    c = any_container
    world, other = await shop_world(c), await shop_world(c, "Other")
    user = await registered(world)
    await registered(other)  # the same Telegram user in another shop
    is_blocked, block = c.is_blocked(), c.block_user()
    assert not await is_blocked(world.tenant.id, TG)  # cached as "nobody"
    results = await asyncio.gather(
        *(block(BlockUserInput(world.tenant.id, user, True, ACTOR)) for _ in range(2))
    )
    assert all(r.blocked for r in results)
    assert await is_blocked(world.tenant.id, TG)
    assert not await is_blocked(other.tenant.id, TG)
    await block(BlockUserInput(world.tenant.id, user, False, ACTOR))
    await block(BlockUserInput(world.tenant.id, user, False, ACTOR))
    assert not await is_blocked(world.tenant.id, TG)
    rows = (await c.list_audit()(world.tenant.id)).items
    assert sorted((r.action, r.actor, r.target) for r in rows) == [
        ("user.block", ACTOR, f"user:{user}"),
        ("user.unblock", ACTOR, f"user:{user}"),
    ]
    with pytest.raises(UserNotFound):  # another tenant's user id
        await block(BlockUserInput(other.tenant.id, user, True, ACTOR))


async def test_move_plan_swaps_neighbours_and_renumbers(any_container: Container) -> None:
    c = any_container
    world, other = await shop_world(c), await shop_world(c, "Other")
    create = c.create_plan()
    ids = []
    for name in ("A", "B", "C"):  # equal sort_orders: the ids decide until a move
        terms = PlanTerms(name=name, period_days=30, price=1000)
        ids.append((await create(CreatePlanInput(world.tenant.id, terms))).id)
    move = c.move_plan()

    async def order() -> list[str]:
        return [p.name for p in await c.list_plans()(world.tenant.id)]

    await move(MovePlanInput(world.tenant.id, ids[2], up=True, actor=ACTOR))
    assert await order() == ["Month", "A", "C", "B"]
    await move(MovePlanInput(world.tenant.id, ids[0], up=False, actor=ACTOR))
    assert await order() == ["Month", "C", "A", "B"]
    await move(MovePlanInput(world.tenant.id, world.plan.id, up=True, actor=ACTOR))  # first
    await move(MovePlanInput(world.tenant.id, ids[1], up=False, actor=ACTOR))  # last
    assert await order() == ["Month", "C", "A", "B"]
    assert [a.action for a in (await c.list_audit()(world.tenant.id)).items] == ["plan.move"] * 2
    with pytest.raises(PlanNotFound):
        await move(MovePlanInput(other.tenant.id, ids[0], up=True))
    with pytest.raises(PlanNotFound):
        await move(MovePlanInput(world.tenant.id, PlanId(10**12), up=True))


async def test_statistics_figures_equal_sums_recomputed_from_the_rows(
    any_container: Container, clock: FrozenClock
) -> None:
    """Users, purchases and top-ups spread over 40 days; another tenant's rows must not
    count; each figure is compared with a sum recomputed here from what was written."""
    c = any_container
    world, other = await shop_world(c), await shop_world(c, "Other")
    clock.set(clock.now().replace(hour=12))  # "today" is then 12 hours long
    now = clock.now()
    ages = [0, 0, 3, 6, 10, 29, 35, 40]  # days before now
    written: list[tuple[int, str, int, str]] = []  # (age, kind, amount, reference)
    async with c.uow().for_tenant(world.tenant.id) as uow:
        for i, age in enumerate(ages):
            at = now - timedelta(days=age, minutes=1)
            user, _ = await uow.users.add_if_absent(NewShopUser(900 + i, "en", f"st{i:06d}", at))
            top = Posting(
                LedgerKind.TOP_UP, 10_000 * (i + 1), ("c2c:T", "stars:50")[i % 2], f"t{i}"
            )
            await uow.ledger.post(user.id, top, at)
            written.append((age, "top_up", top.amount, top.reference))
            if i % 3 != 2:
                kind = (LedgerKind.PURCHASE, LedgerKind.RENEWAL)[i % 2]
                buy = Posting(kind, -1_000 * (i + 1), "plan:1", f"b{i}")
                await uow.ledger.post(user.id, buy, at)
                written.append((age, "bought", -buy.amount, ""))
            if i < 4:  # the first four took a trial a minute before buying (or not)
                await uow.users.mark_trial_used(user.id, at - timedelta(minutes=1))
            terms = SubscriptionTerms(None, age + 1 if age < 30 else 1, 0, 1, False)
            await uow.subscriptions.extend(user.id, terms, at)
        await uow.commit()
    await registered(other, 5_000)  # the other shop's user counts nowhere here
    stats = await c.get_statistics()(world.tenant.id)
    since = {"today": 0, "week": 7, "month": 30}
    midnight_age = (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()

    def within(age: int, window: str) -> bool:
        if window == "today":
            return age * 86_400 + 60 <= midnight_age
        return age < since[window]

    for window in since:
        assert getattr(stats.new_users, window) == sum(within(a, window) for a in ages)
        bought = [
            amount for a, kind, amount, _ in written if kind == "bought" and within(a, window)
        ]
        assert getattr(stats.purchases, window) == len(bought)
        assert getattr(stats.revenue, window) == sum(bought)
    methods: dict[str, int] = {}
    for a, what, amount, ref in written:
        if what == "top_up" and a < 30:
            methods[ref.split(":")[0]] = methods.get(ref.split(":")[0], 0) + amount
    assert dict(stats.top_ups_30d) == methods
    assert stats.active_subscriptions == sum(1 for a in ages if a < 30)
    assert (stats.trial_users, stats.trial_converted) == (4, sum(1 for i in range(4) if i % 3 != 2))
