"""Status changes made by an admin: activate, deactivate (docs/architecture.md#tenancy)."""

from __future__ import annotations

from datetime import datetime

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.events import TenantEvents
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant


class _ChangeStatus:
    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        raise NotImplementedError

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache, events: TenantEvents
    ) -> None:
        self._uow, self._clock, self._cache, self._events = uow, clock, cache, events

    async def __call__(self, tenant_id: TenantId) -> Tenant:
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, tenant_id, for_update=True)
            changed = self._transition(tenant, self._clock.now())
            if changed is tenant:
                return tenant
            await uow.tenants.save(changed)
            await uow.commit()
        await self._cache.invalidate(cache_keys.tenant(tenant_id))
        await self._events.publish(tenant_id)
        return changed


class ActivateTenant(_ChangeStatus):
    """Make a tenant active (from disabled, suspended or failed). Idempotent."""

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        return tenant.activate(now)


class DeactivateTenant(_ChangeStatus):
    """Disable a tenant: its bot stops. The master tenant is refused (409). Idempotent."""

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        return tenant.deactivate(now)
