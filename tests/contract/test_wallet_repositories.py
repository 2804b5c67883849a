"""The billing repositories (TenantWallet, TrafficMeters, WalletDirectory) behave the
same on the in-memory and the SQLAlchemy adapters, and never cross tenants."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from src.application.ports.wallets import TrafficMeter
from src.core.billing.settings import BillingModel
from src.core.billing.wallet import DuplicateWalletPosting, WalletKind, WalletPosting
from src.core.ids import TenantId
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def credit(amount: int, key: str, **kw: object) -> WalletPosting:
    return WalletPosting(WalletKind.TOP_UP, amount, "test", key, **kw)  # type: ignore[arg-type]


async def two_tenants(container: Container) -> tuple[TenantId, TenantId]:
    a = (await create_tenant(container, "A")).tenant.id
    b = (await create_tenant(container, "B")).tenant.id
    return a, b


async def test_the_wallet_row_is_created_by_the_first_lock(any_container: Container) -> None:
    a, b = await two_tenants(any_container)
    async with any_container.uow().for_tenant(a) as uow:
        assert await uow.wallet.get() is None
        wallet = await uow.wallet.lock(NOW)
        assert (wallet.tenant_id, wallet.balance, wallet.traffic_carry) == (a, 0, 0)
        assert wallet.settings.model is None and wallet.settings.rate_per_gb is None
        assert await uow.wallet.lock(NOW) == wallet
        await uow.commit()
    async with any_container.uow().for_tenant(b) as uow:
        assert await uow.wallet.get() is None


async def test_posting_moves_the_balance_and_a_replayed_key_changes_nothing(
    any_container: Container,
) -> None:
    a, b = await two_tenants(any_container)
    async with any_container.uow().for_tenant(a) as uow:
        await uow.wallet.lock(NOW)
        first = await uow.wallet.post(credit(500, "k1"), NOW)
        debit = WalletPosting(
            WalletKind.TRAFFIC_CHARGE, -800, "page", "k2", traffic_bytes=99, panel_username="t1_5"
        )
        second = await uow.wallet.post(debit, NOW)
        assert (first.balance_after, second.balance_after) == (500, -300)
        with pytest.raises(DuplicateWalletPosting):
            await uow.wallet.post(credit(1, "k1"), NOW)
        await uow.wallet.post(credit(3, "k3"), NOW)  # the transaction is still usable
        await uow.commit()
    async with any_container.uow().for_tenant(a) as uow:
        assert (await uow.wallet.get()).balance == -297  # type: ignore[union-attr]
        items, total = await uow.wallet.entries(limit=2, offset=0)
        assert total == 3
        assert [e.idempotency_key for e in items] == ["k3", "k2"]
        assert (items[1].traffic_bytes, items[1].panel_username) == (99, "t1_5")
        assert items[1].balance_before == 500
        assert await uow.wallet.by_key("k2") == items[1]
    async with any_container.uow().for_tenant(b) as uow:  # keys are per tenant
        assert await uow.wallet.by_key("k1") is None
        await uow.wallet.lock(NOW)
        await uow.wallet.post(credit(7, "k1"), NOW)
        await uow.commit()
        assert await uow.wallet.entries(limit=10, offset=0) == ([await uow.wallet.by_key("k1")], 1)


async def test_save_writes_settings_and_flags_but_never_the_balance(
    any_container: Container,
) -> None:
    a, _ = await two_tenants(any_container)
    async with any_container.uow().for_tenant(a) as uow:
        wallet = await uow.wallet.lock(NOW)
        await uow.wallet.post(credit(100, "k"), NOW)
        settings = replace(
            wallet.settings,
            model=BillingModel.HYBRID,
            rate_per_gb=12,
            hybrid_prepay_percent=30,
            unlimited_wholesale_price=4,
            credit_limit=5,
            low_balance_threshold=-6,
            suspend_threshold=-7,
        )
        await uow.wallet.save(
            replace(
                wallet, balance=10**9, settings=settings, traffic_carry=8, low_balance_pending=True
            ),
            NOW,
        )
        await uow.commit()
    async with any_container.uow().for_tenant(a) as uow:
        stored = await uow.wallet.get()
    assert stored is not None
    assert (stored.balance, stored.settings, stored.traffic_carry) == (100, settings, 8)
    assert stored.low_balance_pending


async def test_meters_are_per_tenant_and_prepaid_bytes_never_go_below_zero(
    any_container: Container,
) -> None:
    a, b = await two_tenants(any_container)
    async with any_container.uow().for_tenant(a) as uow:
        await uow.meters.add_prepaid("u1", 100, NOW)  # no meter yet: created, not read
        await uow.meters.add_prepaid("u1", 50, NOW)
        await uow.meters.put([TrafficMeter("u2", 7, 1_000, 0), TrafficMeter("u3", 8, 5, 2)], NOW)
        await uow.meters.put([TrafficMeter("u2", 9, 10, 1)], NOW)  # replaces
        await uow.meters.add_prepaid("u3", -10, NOW)
        await uow.commit()
    async with any_container.uow().for_tenant(a) as uow:
        meters = await uow.meters.lock(["u1", "u2", "u3", "nobody"])
    assert meters == {
        "u1": TrafficMeter("u1", None, 0, 150),
        "u2": TrafficMeter("u2", 9, 10, 1),
        "u3": TrafficMeter("u3", 8, 5, 0),
    }
    async with any_container.uow().for_tenant(b) as uow:
        assert await uow.meters.lock(["u1", "u2"]) == {}
        assert await uow.meters.lock([]) == {}


async def test_the_directory_lists_metered_tenants_by_stored_or_default_model(
    any_container: Container,
) -> None:
    a, b = await two_tenants(any_container)
    c = (await create_tenant(any_container, "C")).tenant.id
    for tenant_id, model in ((a, BillingModel.CONSUMPTION), (b, BillingModel.SALE)):
        async with any_container.uow().for_tenant(tenant_id) as uow:
            wallet = await uow.wallet.lock(NOW)
            await uow.wallet.save(
                replace(wallet, settings=replace(wallet.settings, model=model)), NOW
            )
            await uow.commit()
    async with any_container.uow().for_tenant(c) as uow:  # a row without a model
        wallet = await uow.wallet.lock(NOW)
        await uow.wallet.save(replace(wallet, low_balance_pending=True), NOW)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        assert await uow.wallets.metered(BillingModel.SALE) == [a]
        assert await uow.wallets.metered(BillingModel.HYBRID) == [a, c]
        assert await uow.wallets.low_balance_pending() == [c]
        assert (await uow.wallets.of(a).get()).tenant_id == a  # type: ignore[union-attr]


async def test_deleting_a_tenant_deletes_its_wallet_ledger_and_meters(
    any_container: Container,
) -> None:
    a, b = await two_tenants(any_container)
    for tenant_id in (a, b):
        async with any_container.uow().for_tenant(tenant_id) as uow:
            await uow.wallet.lock(NOW)
            await uow.wallet.post(credit(1, "k"), NOW)
            await uow.meters.add_prepaid("u", 1, NOW)
            await uow.commit()
    await any_container.delete_tenant()(a)
    async with any_container.uow().for_tenant(a) as uow:
        assert await uow.wallet.get() is None
        assert await uow.wallet.entries(limit=5, offset=0) == ([], 0)
        assert await uow.meters.lock(["u"]) == {}
    async with any_container.uow().for_tenant(b) as uow:
        assert (await uow.wallet.get()).balance == 1  # type: ignore[union-attr]
