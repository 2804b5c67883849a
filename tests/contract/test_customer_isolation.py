"""Two tenants, the same Telegram user and the same keys: nothing one tenant's
repositories do can read or change the other's users, ledger, subscriptions or jobs."""

from __future__ import annotations

from datetime import timedelta

from src.application.ports.customers import NewProvisionJob, NewShopUser, SubscriptionTerms
from src.core.ids import TenantId
from src.core.shop.ledger import LedgerKind, Posting
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

TG = 424_242


async def seed(container: Container, tenant_id: TenantId, code: str) -> tuple[int, int, int]:
    now = container.clock().now()
    async with container.uow().for_tenant(tenant_id) as uow:
        user, _ = await uow.users.add_if_absent(NewShopUser(TG, "en", code, now))
        await uow.ledger.post(user.id, Posting(LedgerKind.TOP_UP, 500, "seed", "same-key"), now)
        sub = await uow.subscriptions.extend(user.id, SubscriptionTerms(None, 30, 0, 1, False), now)
        job = await uow.outbox.enqueue(
            NewProvisionJob(sub.id, user.id, TG, sub.expires_at, 0, 1, (), False, None, 30),
            now,
            now,
        )
        await uow.commit()
    return user.id, sub.id, job.id


async def snapshot(container: Container, tenant_id: TenantId) -> tuple[object, ...]:
    async with container.uow().for_tenant(tenant_id) as uow:
        user = await uow.users.by_telegram_id(TG)
        assert user is not None
        return (
            user,
            await uow.ledger.entries(user.id, limit=50, offset=0),
            await uow.subscriptions.of_user(user.id),
            await uow.users.search(None, limit=50, offset=0),
        )


async def test_no_repository_call_of_one_tenant_touches_the_other(
    any_container: Container,
) -> None:
    a = (await create_tenant(any_container, "A")).tenant
    b = (await create_tenant(any_container, "B")).tenant
    await seed(any_container, a.id, "aaaaaaaa")
    b_user, b_sub, b_job = await seed(any_container, b.id, "bbbbbbbb")
    before = await snapshot(any_container, b.id)
    now = any_container.clock().now()

    async with any_container.uow().for_tenant(a.id) as uow:
        mine = await uow.users.by_telegram_id(TG)
        assert mine is not None and mine.id != b_user
        assert await uow.users.get(b_user) is None  # type: ignore[arg-type]
        assert await uow.users.by_referral_code("bbbbbbbb") is None
        entry = await uow.ledger.by_key("same-key")
        assert entry is not None and entry.user_id == mine.id
        assert await uow.ledger.entries(b_user, limit=10, offset=0) == []  # type: ignore[arg-type]
        assert await uow.subscriptions.get(b_sub) is None  # type: ignore[arg-type]
        assert await uow.subscriptions.of_user(b_user) is None  # type: ignore[arg-type]
        assert (await uow.subscriptions.list(None, limit=10, offset=0))[1] == 1
        assert await uow.subscriptions.mark_provisioned(b_sub, now, 1, "x") is None  # type: ignore[arg-type]
        assert not await uow.subscriptions.revoke_grant(b_sub, now, 30, now)  # type: ignore[arg-type]
        assert await uow.outbox.claim(b_job, now + timedelta(days=1), now) is None
        await uow.outbox.complete(b_job, now)
        await uow.users.set_language(b_user, "fa")  # type: ignore[arg-type]
        assert not await uow.users.mark_trial_used(b_user, now)  # type: ignore[arg-type]
        await uow.commit()

    assert await snapshot(any_container, b.id) == before
    async with any_container.uow().platform() as uow:
        due = await uow.due.due_provisioning(now + timedelta(days=1), 10)
    assert (b.id, b_job) in due  # B's job is still pending
