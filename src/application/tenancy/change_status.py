"""Status changes made by an admin: activate, deactivate, suspend, resume
(docs/architecture.md#tenancy).

Each change names its actor (`api:master`, `tg:<id>`) and writes its audit row in the
same transaction; a change that changes nothing writes none.
"""

from __future__ import annotations

from datetime import datetime

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.events import TenantEvents
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant


class _ChangeStatus:
    action = ""

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        raise NotImplementedError

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache, events: TenantEvents
    ) -> None:
        self._uow, self._clock, self._cache, self._events = uow, clock, cache, events

    async def __call__(self, tenant_id: TenantId, *, actor: str | None = None) -> Tenant:
        now = self._clock.now()
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, tenant_id, for_update=True)
            changed = self._transition(tenant, now)
            if changed is tenant:
                return tenant
            await uow.tenants.save(changed)
            change = Change(
                tenant_id, self.action, f"tenant:{tenant_id}", tenant.status, changed.status
            )
            await audit_change(uow.audit, actor, change, now)
            await uow.commit()
        await self._cache.invalidate(cache_keys.tenant(tenant_id))
        await self._events.publish(tenant_id)
        return changed


class ActivateTenant(_ChangeStatus):
    """Make a tenant active (from disabled, suspended or failed). Idempotent."""

    action = "tenant.activate"

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        return tenant.activate(now)


class DeactivateTenant(_ChangeStatus):
    """Disable a tenant: its bot stops. The master tenant is refused (409). Idempotent."""

    action = "tenant.deactivate"

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        return tenant.deactivate(now)


class SuspendTenant(_ChangeStatus):
    """The master pauses an active tenant's shop: its bot answers "service paused".
    Only an active tenant can be suspended (409 otherwise); the master tenant never."""

    action = "tenant.suspend"

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        return tenant.suspend(now)


class ResumeTenant(_ChangeStatus):
    """The master lifts a suspension; any other status is left alone."""

    action = "tenant.resume"

    def _transition(self, tenant: Tenant, now: datetime) -> Tenant:
        return tenant.resume(now)
