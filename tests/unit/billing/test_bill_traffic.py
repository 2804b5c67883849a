"""Consumption billing (PRODUCT 6) on both adapter sets: byte-exact charges over many
runs, crashes between reading the panel and committing, counter resets, prepaid bytes,
thresholds, suspension and resumption.

The reset rule tested here (BillTraffic, core/billing/metering.py): a panel user is
metered by its username t{bot_id}_{telegram_id}; when the lifetime counter of that
username went down, or the username now belongs to another panel id (the panel user
was deleted and recreated), the counter restarted from 0 and the whole new counter is
billed. So a charge is never negative and no byte is billed twice; the bytes used
between the last reading and the reset are not billed."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, Self

import pytest

from src.application.billing.bill_traffic import BillingReport, BillTraffic
from src.application.billing.errors import SaleRefused
from src.application.ports.uow import UnitOfWorkFactory
from src.application.ports.vpn_panel import PanelUser, VpnPanel
from src.application.shop.errors import ShopPaused
from src.application.shop.purchase_plan import PurchaseInput
from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.billing.settings import GIB, BillingModel
from src.core.billing.wallet import WalletKind
from src.core.errors import PanelUnavailable
from src.core.ids import TenantId
from src.core.shop.user import panel_username
from src.core.tenancy.tenant import Tenant, TenantStatus
from src.infrastructure.container import Container
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from tests.support.billing import (
    admin_texts,
    billed_tenant,
    configure,
    ledger_of,
    open_shop,
    panel_user,
    top_up,
    traffic_charged,
    use,
    wallet_of,
)
from tests.support.doubles import memory_panel, memory_telegram
from tests.support.factories import new_bot_token

RATE = 7_919  # minor units per GiB
RICH = 10**11


class Crash(BaseException):
    """A process dying: not an Exception, so nothing on the way catches it."""


class CrashingUnitOfWork:
    """Delegates to a real tenant unit of work; its commit can die instead."""

    def __init__(self, inner: Any, factory: CrashingUoW) -> None:
        self._inner, self._factory = inner, factory

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def __aenter__(self) -> Self:
        await self._inner.__aenter__()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._inner.__aexit__(kind, exc, tb)

    async def commit(self) -> None:
        self._factory.commits += 1
        if self._factory.commits == self._factory.crash_at:
            raise Crash("the process died before the commit")
        await self._inner.commit()


class CrashingUoW:
    """The unit-of-work factory of a process that dies at its `crash_at`-th tenant commit."""

    def __init__(self, inner: UnitOfWorkFactory, crash_at: int) -> None:
        self._inner, self.crash_at, self.commits = inner, crash_at, 0

    def for_tenant(self, tenant_id: TenantId) -> Any:
        return CrashingUnitOfWork(self._inner.for_tenant(tenant_id), self)

    def platform(self) -> Any:
        return self._inner.platform()


class CrashingPanel:
    """The panel adapter of a process that dies while it streams user number `crash_at`."""

    def __init__(self, inner: VpnPanel, crash_at: int) -> None:
        self._inner, self._crash_at = inner, crash_at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def stream_users_by_tag(
        self, tag: str, page_size: int = 1000
    ) -> AsyncIterator[PanelUser]:
        count = 0
        async for user in self._inner.stream_users_by_tag(tag, page_size):
            count += 1
            if count == self._crash_at:
                raise Crash("the process died while reading the panel")
            yield user


def job(container: Container, *, uow: Any = None, panel: Any = None) -> BillTraffic:
    """The billing job with pages of 2 users, so a handful of users makes several pages."""
    return BillTraffic(
        uow or container.uow(),
        panel or container.panel(),
        container.clock(),
        container.billing_defaults(),
        container.wallet_notices(),
        container.announce_billing_status(),
        page_size=2,
    )


async def bill(container: Container) -> BillingReport:
    return await job(container)()


async def metered(
    container: Container, users: int = 5, **settings: Any
) -> tuple[Tenant, list[PanelUser]]:
    tenant = await billed_tenant(
        container, **{"model": BillingModel.CONSUMPTION, "rate_per_gb": RATE, **settings}
    )
    await top_up(container, tenant.id, RICH)
    return tenant, [await panel_user(container, tenant.id, 720_000 + i) for i in range(users)]


async def test_charges_over_many_runs_add_up_to_total_bytes_times_rate(
    any_container: Container,
) -> None:
    tenant, users = await metered(any_container)
    rng = random.Random(7)
    total = 0
    for _ in range(4):
        for user in users:
            amount = rng.randrange(1, 3 * GIB)
            use(any_container, user, amount)
            total += amount
        report = await bill(any_container)
        assert report.failed == 0 and report.users == len(users)
    assert await traffic_charged(any_container, tenant.id) == total * RATE // GIB
    wallet = await wallet_of(any_container, tenant.id)
    assert wallet.traffic_carry == total * RATE % GIB  # the remainder is carried, not lost
    assert wallet.balance == RICH - total * RATE // GIB
    charges = [e for e in await ledger_of(any_container, tenant.id) if e.amount < 0]
    assert sum(e.traffic_bytes for e in charges) == total
    assert all(e.kind is WalletKind.TRAFFIC_CHARGE for e in charges)


async def test_a_run_without_new_traffic_charges_nothing(any_container: Container) -> None:
    tenant, users = await metered(any_container)
    for user in users:
        use(any_container, user, GIB + 12_345)
    first = await bill(any_container)
    assert first.charged > 0
    before = await ledger_of(any_container, tenant.id)
    second = await bill(any_container)
    assert (second.charged, second.billed_bytes) == (0, 0)
    assert await ledger_of(any_container, tenant.id) == before


@pytest.mark.parametrize("fault", ["commit", "panel"])
async def test_a_crash_between_reading_and_committing_neither_double_bills_nor_skips(
    any_container: Container, fault: str
) -> None:
    tenant, users = await metered(any_container)  # 5 users: pages of 2, 2 and 1
    rng = random.Random(11)
    total = 0
    for crash_at in (1, 2, 3):
        for user in users:
            amount = rng.randrange(GIB // 3, 2 * GIB)
            use(any_container, user, amount)
            total += amount
        if fault == "commit":
            dying = job(any_container, uow=CrashingUoW(any_container.uow(), crash_at))
        else:
            dying = job(
                any_container, panel=CrashingPanel(memory_panel(any_container), 2 * crash_at - 1)
            )
        with pytest.raises(Crash):
            await dying()
        await bill(any_container)  # the restarted process
    assert await traffic_charged(any_container, tenant.id) == total * RATE // GIB
    assert (await wallet_of(any_container, tenant.id)).traffic_carry == total * RATE % GIB
    assert (await bill(any_container)).charged == 0


async def test_a_counter_that_went_down_restarts_from_zero(any_container: Container) -> None:
    tenant, [user] = await metered(any_container, users=1)
    use(any_container, user, 10 * GIB)
    await bill(any_container)
    panel = memory_panel(any_container)
    assert isinstance(panel, InMemoryVpnPanel)
    panel.edit(user.id, lifetime_used_traffic_bytes=2 * GIB)  # reset on the panel
    report = await bill(any_container)
    assert report.charged == 2 * RATE  # the bytes since the reset: never negative
    assert (await bill(any_container)).charged == 0
    assert await traffic_charged(any_container, tenant.id) == 12 * RATE


@pytest.mark.parametrize("new_gib", [3, 14])
async def test_a_deleted_and_recreated_panel_user_is_billed_from_zero_once(
    any_container: Container, new_gib: int
) -> None:
    """14 GiB: the new counter is above the old reading, and still nothing is billed twice
    (the username's panel id changed, which is what tells a new user from growth)."""
    tenant, [user] = await metered(any_container, users=1)
    use(any_container, user, 10 * GIB)
    await bill(any_container)
    panel = memory_panel(any_container)
    assert isinstance(panel, InMemoryVpnPanel)
    panel.delete(user.id)
    again = await panel_user(any_container, tenant.id, 720_000)
    assert again.id != user.id and again.username == user.username
    use(any_container, again, new_gib * GIB)
    assert (await bill(any_container)).charged == new_gib * RATE
    assert (await bill(any_container)).charged == 0
    assert await traffic_charged(any_container, tenant.id) == (10 + new_gib) * RATE


async def test_hybrid_bills_only_the_traffic_beyond_what_the_sale_prepaid(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(
        any_container, model=BillingModel.HYBRID, rate_per_gb=RATE, hybrid_prepay_percent=50
    )
    await top_up(any_container, tenant.id, RICH)
    world = await open_shop(any_container, tenant, traffic_gb=10)
    await world.customer(730_001, balance=100_000)
    await any_container.purchase_plan()(PurchaseInput(tenant, 730_001, world.plan.id, "b"))
    panel = memory_panel(any_container)
    user = await panel.get_user_by_username(panel_username(tenant.id, 730_001))
    assert user is not None

    use(any_container, user, 4 * GIB)  # within the 5 prepaid GiB
    assert (await bill(any_container)).charged == 0
    use(any_container, user, 3 * GIB)  # 2 GiB beyond them
    assert (await bill(any_container)).charged == 2 * RATE
    kinds = [(e.kind, e.amount) for e in await ledger_of(any_container, tenant.id)]
    assert kinds == [
        (WalletKind.TOP_UP, RICH),
        (WalletKind.SALE_CHARGE, -5 * RATE),
        (WalletKind.TRAFFIC_CHARGE, -2 * RATE),
    ]


async def test_only_metered_tenants_are_billed_and_each_on_its_own_wallet(
    any_container: Container,
) -> None:
    a, [ua] = await metered(any_container, users=1)
    b, [ub] = await metered(any_container, users=1, rate_per_gb=2 * RATE)
    sale = await billed_tenant(any_container, "Seller", model=BillingModel.SALE, rate_per_gb=RATE)
    us = await panel_user(any_container, sale.id, 740_001)
    for user in (ua, ub, us):
        use(any_container, user, GIB)
    report = await bill(any_container)
    assert report.tenants == 2
    assert await traffic_charged(any_container, a.id) == RATE
    assert await traffic_charged(any_container, b.id) == 2 * RATE
    assert await ledger_of(any_container, sale.id) == []

    await configure(any_container, b.id, model=BillingModel.SALE)  # switched: no longer metered
    use(any_container, ub, GIB)
    await bill(any_container)
    assert await traffic_charged(any_container, b.id) == 2 * RATE


async def test_low_balance_is_warned_once_then_the_shop_pauses_and_a_top_up_resumes_it(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(
        any_container,
        model=BillingModel.CONSUMPTION,
        rate_per_gb=1_000,
        low_balance_threshold=3_000,
        suspend_threshold=0,
    )
    await top_up(any_container, tenant.id, 10_000)
    user = await panel_user(any_container, tenant.id, 750_001)
    world = await open_shop(any_container, tenant)
    await world.customer(750_002, balance=100_000)

    use(any_container, user, 8 * GIB)  # 10,000 -> 2,000: below 3,000
    report = await bill(any_container)
    assert (report.warned, report.suspended) == (1, 0)
    [warning] = admin_texts(any_container)
    assert "20.00 RUB" in warning and "30.00 RUB" in warning
    use(any_container, user, GIB)  # 2,000 -> 1,000: still below, no second warning
    assert (await bill(any_container)).warned == 0

    use(any_container, user, 2 * GIB)  # 1,000 -> -1,000: below the suspend threshold
    report = await bill(any_container)
    assert (report.warned, report.suspended) == (0, 1)
    paused = await any_container.get_tenant()(tenant.id)  # what the bot reads: fresh
    assert paused.status is TenantStatus.SUSPENDED
    assert "paused" in admin_texts(any_container)[-1]
    with pytest.raises(ShopPaused):
        await any_container.purchase_plan()(PurchaseInput(paused, 750_002, world.plan.id, "p"))
    assert await world.balance(750_002) == 100_000
    use(any_container, user, GIB)  # a paused shop's users still cost: billed, stays paused
    assert (await bill(any_container)).charged == 1_000

    await top_up(any_container, tenant.id, 2_500)  # -2,000 -> 500: at or above 0
    resumed = await any_container.get_tenant()(tenant.id)
    assert resumed.status is TenantStatus.ACTIVE
    assert "open again" in admin_texts(any_container)[-1]
    await any_container.purchase_plan()(PurchaseInput(resumed, 750_002, world.plan.id, "q"))


async def test_a_new_crossing_after_recovery_is_warned_again(any_container: Container) -> None:
    tenant = await billed_tenant(
        any_container,
        model=BillingModel.CONSUMPTION,
        rate_per_gb=1_000,
        low_balance_threshold=3_000,
        suspend_threshold=-(10**9),
    )
    await top_up(any_container, tenant.id, 5_000)
    user = await panel_user(any_container, tenant.id, 760_001)
    use(any_container, user, 3 * GIB)  # 5,000 -> 2,000
    assert (await bill(any_container)).warned == 1
    await top_up(any_container, tenant.id, 5_000)  # 7,000: the crossing is over
    use(any_container, user, 5 * GIB)  # 7,000 -> 2,000: a new crossing
    assert (await bill(any_container)).warned == 1
    assert len(admin_texts(any_container)) == 2


async def test_a_sale_that_crosses_the_low_balance_threshold_is_warned_by_the_next_run(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(
        any_container, model=BillingModel.SALE, rate_per_gb=100, low_balance_threshold=3_000
    )
    await top_up(any_container, tenant.id, 5_000)
    world = await open_shop(any_container, tenant, traffic_gb=30)  # a sale costs 3,000
    await world.customer(770_001, balance=100_000)
    await any_container.purchase_plan()(PurchaseInput(tenant, 770_001, world.plan.id, "s"))
    assert admin_texts(any_container) == []
    assert (await bill(any_container)).warned == 1
    assert "20.00 RUB" in admin_texts(any_container)[0]
    assert (await bill(any_container)).warned == 0


async def test_the_master_tenant_is_billed_but_never_suspended(any_container: Container) -> None:
    token = new_bot_token()
    memory_telegram(any_container).register(token, "master_bot")
    master = await any_container.ensure_master()(EnsureMasterInput(token, (1,)))
    await configure(any_container, master.id, model=BillingModel.CONSUMPTION, rate_per_gb=RATE)
    user = await panel_user(any_container, master.id, 780_001)
    use(any_container, user, GIB)
    report = await bill(any_container)
    assert (report.charged, report.suspended) == (RATE, 0)
    assert (await any_container.get_tenant()(master.id)).status is TenantStatus.ACTIVE


async def test_a_refused_sale_is_no_suspension(any_container: Container) -> None:
    tenant = await billed_tenant(any_container, model=BillingModel.SALE, rate_per_gb=RATE)
    world = await open_shop(any_container, tenant)
    await world.customer(790_001, balance=100_000)
    with pytest.raises(SaleRefused):
        await any_container.purchase_plan()(PurchaseInput(tenant, 790_001, world.plan.id, "r"))
    await bill(any_container)
    assert (await any_container.get_tenant()(tenant.id)).status is TenantStatus.ACTIVE


class DownForOneTag:
    """The panel fails for one tenant's tag only."""

    def __init__(self, inner: VpnPanel, tag: str) -> None:
        self._inner, self._tag = inner, tag

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def stream_users_by_tag(
        self, tag: str, page_size: int = 1000
    ) -> AsyncIterator[PanelUser]:
        if tag == self._tag:
            raise PanelUnavailable("panel unreachable")
        async for user in self._inner.stream_users_by_tag(tag, page_size):
            yield user


async def test_one_tenants_failure_does_not_stop_the_others(any_container: Container) -> None:
    a, [ua] = await metered(any_container, users=1)
    b, [ub] = await metered(any_container, users=1)
    use(any_container, ua, GIB)
    use(any_container, ub, GIB)
    report = await job(
        any_container, panel=DownForOneTag(memory_panel(any_container), f"T{a.id}")
    )()
    assert (report.failed, report.charged) == (1, RATE)
    assert await traffic_charged(any_container, a.id) == 0
    await bill(any_container)  # the panel is back: nothing was skipped
    assert await traffic_charged(any_container, a.id) == RATE
    assert await traffic_charged(any_container, b.id) == RATE
