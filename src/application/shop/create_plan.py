from __future__ import annotations

from dataclasses import dataclass

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.shop.plan import Plan, PlanTerms


@dataclass(frozen=True, slots=True)
class CreatePlanInput:
    tenant_id: TenantId
    terms: PlanTerms


class CreatePlan:
    """Add a plan to a tenant's shop.

    Rules: the terms are validated before any write (field-naming errors, see
    `src.core.shop.plan`); a name already used by this tenant is a conflict (409);
    the same name in another tenant is fine.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache

    async def __call__(self, data: CreatePlanInput) -> Plan:
        terms = data.terms.checked()
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            plan = await uow.plans.add(terms, self._clock.now())
            await uow.commit()
        await self._cache.invalidate(cache_keys.plans(data.tenant_id))
        return plan
