from __future__ import annotations

from dataclasses import dataclass

from src.application import cache_keys
from src.application.audit.audit_trail import audit_in
from src.application.patch import KEEP, Keep, given
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.get_plan import require_plan
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import Plan


@dataclass(frozen=True, slots=True)
class UpdatePlanInput:
    tenant_id: TenantId
    plan_id: PlanId
    name: str | Keep = KEEP
    period_days: int | Keep = KEEP
    price: int | Keep = KEEP
    traffic_gb: int | Keep = KEEP
    device_limit: int | Keep = KEEP
    active: bool | Keep = KEEP
    sort_order: int | Keep = KEEP
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


class UpdatePlan:
    """Change some terms of a plan (PATCH).

    Rules: only the fields sent change and the result is validated as a whole;
    renaming onto another plan's name is a conflict (409); another tenant's plan
    is not found; a request that changes nothing writes nothing.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache

    async def __call__(self, data: UpdatePlanInput) -> Plan:
        changes = given(data, skip=("tenant_id", "plan_id", "actor"))
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            plan = await require_plan(uow.plans, data.plan_id, for_update=True)
            now = self._clock.now()
            revised = plan.revise(changes, now)
            if revised is plan:
                return plan
            await uow.plans.save(revised)
            before = ", ".join(f"{k}={getattr(plan.terms, k)}" for k in sorted(changes))
            after = ", ".join(f"{k}={v}" for k, v in sorted(changes.items()))
            target = f"plan:{plan.id}"
            await audit_in(uow, data.actor, "plan.update", target, now, before=before, after=after)
            await uow.commit()
        await self._cache.invalidate(cache_keys.plans(data.tenant_id))
        return revised
