from __future__ import annotations

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.events import TenantEvents
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId


class DeleteTenant:
    """Delete a tenant and, by cascade, every row it owns.

    Rules: the master tenant is refused (409); an unknown tenant is 404; the bot
    stops at once (event) and every cached entry of the tenant is dropped.
    """

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, events: TenantEvents) -> None:
        self._uow, self._cache, self._events = uow, cache, events

    async def __call__(self, tenant_id: TenantId) -> None:
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, tenant_id, for_update=True)
            tenant.ensure_deletable()
            await uow.tenants.delete(tenant_id)
            await uow.commit()
        await self._cache.invalidate(*cache_keys.all_of(tenant_id))
        await self._events.publish(tenant_id)
