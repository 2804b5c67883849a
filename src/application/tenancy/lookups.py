"""Small shared steps of the tenancy use cases."""

from __future__ import annotations

from src.application.ports.tenants import TenantDirectory, TenantRecord
from src.core.errors import TenantNotFound
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant


async def require_tenant(
    directory: TenantDirectory, tenant_id: TenantId, *, for_update: bool = False
) -> Tenant:
    tenant = await directory.get(tenant_id, for_update=for_update)
    if tenant is None:
        raise TenantNotFound(f"tenant {tenant_id} not found")
    return tenant


async def require_own_tenant(record: TenantRecord, *, for_update: bool = False) -> Tenant:
    tenant = await record.get(for_update=for_update)
    if tenant is None:
        raise TenantNotFound("tenant not found")
    return tenant
