"""The audit trail behaves the same on both adapters: a tenant's log is bound to it,
the platform's sees every row, and a tenant's rows outlive the tenant."""

from __future__ import annotations

from datetime import UTC, datetime

from src.application.tenancy.delete_tenant import DeleteTenant
from src.core.audit import SUMMARY_MAX, AuditRecord, telegram_actor
from src.core.ids import TenantId
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

NOW = datetime(2026, 3, 1, tzinfo=UTC)


async def test_a_tenant_log_stamps_and_reads_only_its_tenant(any_container: Container) -> None:
    a = (await create_tenant(any_container, "A")).tenant.id
    b = (await create_tenant(any_container, "B")).tenant.id
    async with any_container.uow().for_tenant(a) as uow:
        # the record names B: the bound log stamps A all the same
        entry = await uow.audit.record(
            AuditRecord(b, telegram_actor(7), "plan.create", "plan:1"), NOW
        )
        await uow.commit()
    assert entry.tenant_id == a
    async with any_container.uow().for_tenant(b) as uow:
        assert await uow.audit.page(limit=10, offset=0) == ([], 0)
    async with any_container.uow().for_tenant(a) as uow:
        items, total = await uow.audit.page(limit=10, offset=0)
    assert total == 1 and items[0].actor == "tg:7" and items[0].target == "plan:1"


async def test_platform_log_sees_all_and_rows_outlive_their_tenant(
    any_container: Container,
) -> None:
    a = (await create_tenant(any_container, "A")).tenant.id
    long = "x" * (SUMMARY_MAX + 50)
    async with any_container.uow().platform() as uow:
        await uow.audit.record(
            AuditRecord(a, "api:master", "tenant.delete", f"tenant:{a}", long), NOW
        )
        await uow.audit.record(AuditRecord(None, "api:master", "broadcast", "admins"), NOW)
        await uow.commit()
    deleted: DeleteTenant = any_container.delete_tenant()
    await deleted(TenantId(a))
    async with any_container.uow().platform() as uow:
        everything, total = await uow.audit.page(None, limit=10, offset=0)
        of_a, _ = await uow.audit.page(a, limit=10, offset=0)
    assert total == 2 and [e.action for e in everything] == ["broadcast", "tenant.delete"]
    assert [e.action for e in of_a] == ["tenant.delete"]
    assert of_a[0].before is not None and len(of_a[0].before) == SUMMARY_MAX
