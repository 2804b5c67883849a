"""Both ledgers post the same way, on both adapters (docs/architecture.md, "Money").

- a replayed idempotency key raises the ledger's Duplicate… error, changes nothing,
  and leaves the unit of work usable: the caller may go on and commit other work;
- the balance after each row is right even when the caller never locked anything,
  including under concurrent postings to one account;
- the user balance never goes below zero (InsufficientFunds, the unit of work usable).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from src.application.shop.register_user import RegisterInput
from src.core.billing.wallet import DuplicateWalletPosting, WalletKind, WalletPosting
from src.core.errors import InsufficientFunds
from src.core.ids import ShopUserId
from src.core.shop.ledger import DuplicatePosting, LedgerKind, Posting
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

NOW = datetime(2026, 3, 1, tzinfo=UTC)


async def a_user(container: Container) -> tuple[Tenant, ShopUserId]:
    tenant = (await create_tenant(container, "A")).tenant
    registered = await container.register_user()(RegisterInput(tenant, 42))
    return tenant, registered.user.id


def top_up(amount: int, key: str) -> Posting:
    return Posting(LedgerKind.TOP_UP, amount, "test", key)


async def test_a_replayed_user_posting_leaves_the_transaction_usable(
    any_container: Container,
) -> None:
    tenant, user = await a_user(any_container)
    async with any_container.uow().for_tenant(tenant.id) as uow:
        await uow.ledger.post(user, top_up(500, "k1"), NOW)
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        with pytest.raises(DuplicatePosting):
            await uow.ledger.post(user, top_up(500, "k1"), NOW)
        entry = await uow.ledger.post(user, top_up(200, "k2"), NOW)  # the transaction goes on
        with pytest.raises(InsufficientFunds):
            await uow.ledger.post(user, top_up(-10_000, "k3"), NOW)
        await uow.commit()
    assert entry.balance_after == 700
    async with any_container.uow().for_tenant(tenant.id) as uow:
        account = await uow.users.get(user)
        rows = await uow.ledger.entries(user, limit=10, offset=0)
    assert account is not None and account.balance == 700
    assert sum(r.amount for r in rows) == 700 and len(rows) == 2


async def test_a_replayed_wallet_posting_leaves_the_transaction_usable(
    any_container: Container,
) -> None:
    tenant, _ = await a_user(any_container)
    credit = WalletPosting(WalletKind.TOP_UP, 300, "test", "w1")
    async with any_container.uow().for_tenant(tenant.id) as uow:
        await uow.wallet.lock(NOW)
        await uow.wallet.post(credit, NOW)
        with pytest.raises(DuplicateWalletPosting):
            await uow.wallet.post(credit, NOW)
        second = await uow.wallet.post(WalletPosting(WalletKind.TOP_UP, 5, "test", "w2"), NOW)
        await uow.commit()
    assert second.balance_after == 305


async def test_concurrent_postings_each_see_the_balance_before_them(
    sql_container: Container,
) -> None:
    """Twenty transactions post to one account at once, none of them locking first:
    the balances after form one chain, for the user ledger and the wallet alike."""
    tenant, user = await a_user(sql_container)
    async with sql_container.uow().for_tenant(tenant.id) as uow:
        await uow.wallet.lock(NOW)  # the wallet row exists from its first lock
        await uow.commit()

    async def post_user(n: int) -> None:
        async with sql_container.uow().for_tenant(tenant.id) as uow:
            await uow.ledger.post(user, top_up(n, f"u{n}"), NOW)
            await uow.commit()

    async def post_wallet(n: int) -> None:
        async with sql_container.uow().for_tenant(tenant.id) as uow:
            await uow.wallet.post(WalletPosting(WalletKind.TOP_UP, n, "t", f"w{n}"), NOW)
            await uow.commit()

    await asyncio.gather(*(post_user(n) for n in range(1, 21)))
    await asyncio.gather(*(post_wallet(n) for n in range(1, 21)))
    async with sql_container.uow().for_tenant(tenant.id) as uow:
        user_rows = sorted(await uow.ledger.entries(user, limit=50, offset=0), key=lambda r: r.id)
        wallet_rows, _ = await uow.wallet.entries(limit=50, offset=0)
    for rows in (user_rows, sorted(wallet_rows, key=lambda r: r.id)):
        running = 0
        for row in rows:
            running += row.amount
            assert row.balance_after == running
        assert running == sum(range(1, 21))
