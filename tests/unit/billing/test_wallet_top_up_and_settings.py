"""The master's wallet operations on both adapter sets: top-ups (replay and race),
billing settings (validation, resumption), reading a wallet."""

from __future__ import annotations

import asyncio

import pytest

from src.application.billing.top_up import TopUpInput
from src.application.billing.update_settings import WalletSettingsInput
from src.application.shop.errors import IdempotencyKeyReused
from src.core.billing.settings import BillingModel
from src.core.billing.wallet import WalletKind
from src.core.errors import TenantNotFound, ValidationError
from src.core.ids import TenantId
from src.core.tenancy.tenant import TenantStatus
from src.infrastructure.container import Container
from tests.support.billing import billed_tenant, configure, ledger_of, wallet_of


async def test_a_top_up_replayed_with_its_key_credits_once(any_container: Container) -> None:
    tenant = await billed_tenant(any_container)
    top_up = any_container.top_up_wallet()
    first = await top_up(TopUpInput(tenant.id, 50_000, "bank transfer 17", "key-1"))
    again = await top_up(TopUpInput(tenant.id, 50_000, "bank transfer 17", "key-1"))
    assert (first.replayed, again.replayed) == (False, True)
    assert again.entry == first.entry
    assert (first.entry.kind, first.entry.reference) == (WalletKind.TOP_UP, "bank transfer 17")
    assert (await wallet_of(any_container, tenant.id)).balance == 50_000
    with pytest.raises(IdempotencyKeyReused):
        await top_up(TopUpInput(tenant.id, 60_000, None, "key-1"))
    await top_up(TopUpInput(tenant.id, 50_000))  # no key: a new top-up every time
    assert (await wallet_of(any_container, tenant.id)).balance == 100_000


async def test_concurrent_top_ups_all_apply_and_a_raced_key_applies_once(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(any_container)
    top_up = any_container.top_up_wallet()
    await asyncio.gather(*(top_up(TopUpInput(tenant.id, 1_000, None, f"k{i}")) for i in range(6)))
    assert (await wallet_of(any_container, tenant.id)).balance == 6_000
    raced = await asyncio.gather(
        *(top_up(TopUpInput(tenant.id, 7, None, "same")) for _ in range(4))
    )
    assert sum(not r.replayed for r in raced) == 1
    assert len({r.entry.id for r in raced}) == 1
    assert (await wallet_of(any_container, tenant.id)).balance == 6_007
    balances = [e.balance_after for e in await ledger_of(any_container, tenant.id)]
    assert balances == [1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 6_007]


@pytest.mark.parametrize(
    ("amount", "note", "key", "field"),
    [
        (0, None, None, "amount"),
        (10**12 + 1, None, None, "amount"),
        (100, "   ", None, "note"),
        (100, "line\x00break", None, "note"),
        (100, None, "k" * 500, "Idempotency-Key"),
    ],
)
async def test_top_up_input_is_validated(
    any_container: Container, amount: int, note: str | None, key: str | None, field: str
) -> None:
    tenant = await billed_tenant(any_container)
    with pytest.raises(ValidationError) as err:
        await any_container.top_up_wallet()(TopUpInput(tenant.id, amount, note, key))
    assert err.value.field == field
    assert await ledger_of(any_container, tenant.id) == []


async def test_wallet_operations_on_an_unknown_tenant_are_not_found(
    any_container: Container,
) -> None:
    missing = TenantId(10**9)
    with pytest.raises(TenantNotFound):
        await any_container.top_up_wallet()(TopUpInput(missing, 100))
    with pytest.raises(TenantNotFound):
        await any_container.update_wallet_settings()(WalletSettingsInput(missing, credit_limit=1))
    with pytest.raises(TenantNotFound):
        await any_container.get_wallet()(missing)
    with pytest.raises(TenantNotFound):
        await any_container.list_wallet_ledger()(missing)


async def test_a_fresh_wallet_reads_as_the_platform_defaults_and_creates_nothing(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(any_container)
    view = await any_container.get_wallet()(tenant.id)
    assert view.wallet.balance == 0
    assert (view.settings.model, view.settings.rate_per_gb) == (BillingModel.SALE, 0)
    assert view.settings.unlimited_wholesale_price == 0  # billing off: unlimited plans sell
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.wallet.get() is None


async def test_settings_change_only_what_is_sent_and_null_means_the_default(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(any_container)
    update = any_container.update_wallet_settings()
    view = await update(
        WalletSettingsInput(
            tenant.id,
            model=BillingModel.HYBRID,
            rate_per_gb=500,
            hybrid_prepay_percent=40,
            credit_limit=10_000,
        )
    )
    assert (view.settings.model, view.settings.rate_per_gb) == (BillingModel.HYBRID, 500)
    assert view.settings.unlimited_wholesale_price is None  # a rate without a price: unset
    view = await update(WalletSettingsInput(tenant.id, suspend_threshold=-500))
    assert (view.settings.credit_limit, view.settings.suspend_threshold) == (10_000, -500)
    view = await update(WalletSettingsInput(tenant.id, model=None, rate_per_gb=None))
    assert (view.settings.model, view.settings.rate_per_gb) == (BillingModel.SALE, 0)
    assert view.settings.hybrid_prepay_percent == 40


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hybrid_prepay_percent": 101}, "hybrid_prepay_percent"),
        ({"credit_limit": -1}, "credit_limit"),
        ({"rate_per_gb": 10**12 + 1}, "rate_per_gb"),
        ({"suspend_threshold": -(10**12) - 1}, "suspend_threshold"),
    ],
)
async def test_invalid_settings_name_the_field_and_change_nothing(
    any_container: Container, change: dict[str, int], field: str
) -> None:
    tenant = await billed_tenant(any_container, credit_limit=5)
    with pytest.raises(ValidationError) as err:
        await any_container.update_wallet_settings()(WalletSettingsInput(tenant.id, **change))  # type: ignore[arg-type]
    assert err.value.field == field
    assert (await wallet_of(any_container, tenant.id)).settings.credit_limit == 5


async def test_a_lower_suspend_threshold_resumes_a_suspended_tenant(
    any_container: Container,
) -> None:
    tenant = await billed_tenant(any_container)
    async with any_container.uow().platform() as uow:  # suspended by an earlier charge
        await uow.tenants.save(tenant.suspend(tenant.updated_at))
        await uow.commit()
    await configure(any_container, tenant.id, suspend_threshold=1)  # 0 < 1: stays suspended
    assert (await any_container.get_wallet()(tenant.id)).tenant.status is TenantStatus.SUSPENDED
    await configure(any_container, tenant.id, suspend_threshold=0)
    assert (await any_container.get_tenant()(tenant.id)).status is TenantStatus.ACTIVE


async def test_the_ledger_is_newest_first_and_paginated(any_container: Container) -> None:
    tenant = await billed_tenant(any_container)
    for i in range(1, 6):
        await any_container.top_up_wallet()(TopUpInput(tenant.id, i * 100))
    page = await any_container.list_wallet_ledger()(tenant.id, limit=2, offset=1)
    assert page.total == 5
    assert [e.amount for e in page.items] == [400, 300]
