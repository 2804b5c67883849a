from __future__ import annotations

from dataclasses import dataclass

from src.application import cache_keys
from src.application.audit.audit_trail import audit_in
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
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


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
            now = self._clock.now()
            plan = await uow.plans.add(terms, now)
            after = f"{terms.name}: {terms.price}, {terms.period_days}d"
            await audit_in(uow, data.actor, "plan.create", f"plan:{plan.id}", now, after=after)
            await uow.commit()
        await self._cache.invalidate(cache_keys.plans(data.tenant_id))
        return plan
