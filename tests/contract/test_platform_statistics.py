"""The platform statistics (docs/master-console.md, "Statistics") agree on both adapters
and equal the sums computed here, independently, from the rows the test wrote.

Cases considered: rows of several tenants (a figure of one tenant never counts
another's); windows bounded by time (a sale 40 days old is outside 30d); refunds and
top-ups are not sales; an expired subscription is not active; a tenant with no wallet
row is not "below its threshold"; a tenant id past every row gives zeros.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from src.application.ports.customers import NewShopUser, SubscriptionTerms
from src.application.ports.statistics import Sales
from src.core.billing.wallet import WalletKind, WalletPosting
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerKind, Posting
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)

# (tenant index, user index, kind, amount, age)
LEDGER = [
    (0, 0, LedgerKind.TOP_UP, 10_000, 50 * DAY),
    (0, 0, LedgerKind.PURCHASE, -300, HOUR),
    (0, 0, LedgerKind.RENEWAL, -200, 2 * DAY),
    (0, 1, LedgerKind.TOP_UP, 10_000, 50 * DAY),
    (0, 1, LedgerKind.PURCHASE, -700, 20 * DAY),
    (0, 1, LedgerKind.PURCHASE, -900, 40 * DAY),
    (0, 1, LedgerKind.REFUND, 700, 19 * DAY),
    (1, 0, LedgerKind.TOP_UP, 10_000, 50 * DAY),
    (1, 0, LedgerKind.PURCHASE, -1_100, 3 * HOUR),
    (1, 0, LedgerKind.PURCHASE, -50, 6 * DAY),
]
# (tenant index, user index, days, granted at age)
SUBSCRIPTIONS = [(0, 0, 30, DAY), (0, 1, 1, 10 * DAY), (1, 0, 5, 0 * DAY)]
# (tenant index, traffic bytes, age)
TRAFFIC = [(0, 1_000, DAY), (0, 5_000, 40 * DAY), (1, 7_000, 29 * DAY)]
USERS = (3, 2)


async def seed(container: Container) -> list[TenantId]:
    tenants = [(await create_tenant(container, n)).tenant.id for n in ("A", "B", "C")]
    await container.deactivate_tenant()(tenants[2])
    users: dict[tuple[int, int], ShopUserId] = {}
    for t, count in enumerate(USERS):
        async with container.uow().for_tenant(tenants[t]) as uow:
            for u in range(count):
                new = NewShopUser(1000 + u, "en", f"r{t}x{u}", NOW - 60 * DAY)
                users[t, u] = (await uow.users.add_if_absent(new))[0].id
            await uow.commit()
    for i, (t, u, kind, amount, age) in enumerate(LEDGER):
        async with container.uow().for_tenant(tenants[t]) as uow:
            await uow.ledger.post(users[t, u], Posting(kind, amount, "x", f"k{i}"), NOW - age)
            await uow.commit()
    for t, u, days, age in SUBSCRIPTIONS:
        async with container.uow().for_tenant(tenants[t]) as uow:
            terms = SubscriptionTerms(None, days, 0, 1, False)
            await uow.subscriptions.extend(users[t, u], terms, NOW - age)
            await uow.commit()
    for i, (t, traffic, age) in enumerate(TRAFFIC):
        async with container.uow().for_tenant(tenants[t]) as uow:
            await uow.wallet.lock(NOW - age)
            posting = WalletPosting(
                WalletKind.TRAFFIC_CHARGE, -traffic, "t", f"w{i}", traffic_bytes=traffic
            )
            await uow.wallet.post(posting, NOW - age)
            await uow.commit()
    async with container.uow().for_tenant(tenants[0]) as uow:  # -6000 < 100: below
        wallet = await uow.wallet.lock(NOW)
        settings = replace(wallet.settings, low_balance_threshold=100)
        await uow.wallet.save(replace(wallet, settings=settings), NOW)
        await uow.commit()
    async with container.uow().for_tenant(tenants[1]) as uow:  # -7000 < -10000? no
        wallet = await uow.wallet.lock(NOW)
        settings = replace(wallet.settings, low_balance_threshold=-10_000)
        await uow.wallet.save(replace(wallet, settings=settings), NOW)
        await uow.commit()
    return tenants


def expected_sales(tenant: int | None, since: timedelta) -> Sales:
    amounts = [
        -amount
        for t, _, kind, amount, age in LEDGER
        if (tenant is None or t == tenant)
        and kind in (LedgerKind.PURCHASE, LedgerKind.RENEWAL)
        and age <= since
    ]
    return Sales(len(amounts), sum(amounts))


def expected_active(tenant: int | None) -> int:
    return sum(
        1
        for t, _, days, age in SUBSCRIPTIONS
        if (tenant is None or t == tenant) and days * DAY > age
    )


async def test_every_figure_equals_the_sum_of_the_rows(any_container: Container) -> None:
    tenants = await seed(any_container)
    async with any_container.uow().platform() as uow:
        stats = uow.statistics
        assert await stats.tenants_by_status() == {"active": 2, "disabled": 1}
        assert await stats.users(None) == sum(USERS)
        assert await stats.active_subscriptions(None, NOW) == expected_active(None)
        for window in (HOUR * 12, 7 * DAY, 30 * DAY):
            assert await stats.sales_since(None, NOW - window) == expected_sales(None, window)
        billed = sum(b for _, b, age in TRAFFIC if age <= 30 * DAY)
        assert await stats.traffic_billed_since(NOW - 30 * DAY) == billed
        assert await stats.wallets_below_low_balance() == 1
        for index, tenant in enumerate(tenants[:2]):
            assert await stats.users(tenant) == USERS[index]
            assert await stats.active_subscriptions(tenant, NOW) == expected_active(index)
            got = await stats.sales_since(tenant, NOW - 30 * DAY)
            assert got == expected_sales(index, 30 * DAY)
        nobody = TenantId(2**62)
        assert await stats.users(nobody) == 0
        assert await stats.sales_since(nobody, NOW - 30 * DAY) == Sales(0, 0)
