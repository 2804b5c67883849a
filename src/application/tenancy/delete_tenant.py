from __future__ import annotations

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.events import TenantEvents
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId


class DeleteTenant:
    """Delete a tenant and, by cascade, every row it owns.

    Rules: the master tenant is refused (409); an unknown tenant is 404; the bot
    stops at once (event) and every cached entry of the tenant is dropped.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, cache: Cache, events: TenantEvents, clock: Clock
    ) -> None:
        self._uow, self._cache, self._events, self._clock = uow, cache, events, clock

    async def __call__(self, tenant_id: TenantId, *, actor: str | None = None) -> None:
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, tenant_id, for_update=True)
            tenant.ensure_deletable()
            await uow.tenants.delete(tenant_id)
            before = f"{tenant.name} (@{tenant.username}, {tenant.status})"
            change = Change(tenant_id, "tenant.delete", f"tenant:{tenant_id}", before)
            await audit_change(uow.audit, actor, change, self._clock.now())
            await uow.commit()
        await self._cache.invalidate(*cache_keys.all_of(tenant_id))
        await self._events.publish(tenant_id)
