from __future__ import annotations

from src.application import cache_keys
from src.application.ports.alerts import PlatformAlerts
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.events import TenantEvents
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant, TenantStatus


class MarkTenantFailed:
    """Telegram rejected a tenant's token (401): stop it and tell the platform owner.

    Rules: the tenant becomes `failed` (its bot stops in every process); the master
    admins are alerted once per failure (a tenant already failed is not re-alerted).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        cache: Cache,
        events: TenantEvents,
        alerts: PlatformAlerts,
    ) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache
        self._events, self._alerts = events, alerts

    async def __call__(self, tenant_id: TenantId) -> Tenant:
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, tenant_id, for_update=True)
            if tenant.status is TenantStatus.FAILED:
                return tenant
            failed = tenant.mark_failed(self._clock.now())
            await uow.tenants.save(failed)
            await uow.commit()
        await self._cache.invalidate(cache_keys.tenant(tenant_id))
        await self._events.publish(tenant_id)
        await self._alerts.tenant_token_rejected(failed)
        return failed
