from __future__ import annotations

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import PlanNotFound
from src.core.ids import PlanId, TenantId


class DeletePlan:
    """Remove a plan from a tenant's shop. A missing (or another tenant's) plan: not found."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId, plan_id: PlanId) -> None:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            if not await uow.plans.delete(plan_id):
                raise PlanNotFound(f"plan {plan_id} not found")
            await uow.commit()
        await self._cache.invalidate(cache_keys.plans(tenant_id))
