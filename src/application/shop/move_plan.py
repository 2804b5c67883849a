from __future__ import annotations

from dataclasses import dataclass, replace

from src.application import cache_keys
from src.application.audit.audit_trail import audit_in
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.get_plan import require_plan
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import PlanNotFound
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import Plan

STEP = 10  # sort_order spacing after a move, so the API can still slot a plan between two


@dataclass(frozen=True, slots=True)
class MovePlanInput:
    tenant_id: TenantId
    plan_id: PlanId
    up: bool  # True: one place earlier in the list; False: one place later
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


class MovePlan:
    """Reorder: swap a plan with its neighbour in the list (the console's ⬆ / ⬇).

    Rules: the list order is (sort_order, id); after a move every plan's sort_order
    is its new position times `STEP`, so equal sort_orders never leave the order to
    the ids; the first plan moved up (or the last moved down) stays and writes
    nothing; another tenant's plan is not found. Returns the plans in the new order.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache

    async def __call__(self, data: MovePlanInput) -> list[Plan]:
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            await require_plan(uow.plans, data.plan_id, for_update=True)
            plans = list(await uow.plans.list())
            at = next((i for i, p in enumerate(plans) if p.id == data.plan_id), None)
            if at is None:  # pragma: no cover - deleted between the two reads
                raise PlanNotFound(f"plan {data.plan_id} not found")
            to = at - 1 if data.up else at + 1
            if not 0 <= to < len(plans):
                return plans
            plans[at], plans[to] = plans[to], plans[at]
            now = self._clock.now()
            for place, plan in enumerate(plans):
                if plan.terms.sort_order != place * STEP:
                    plans[place] = replace(
                        plan, terms=replace(plan.terms, sort_order=place * STEP), updated_at=now
                    )
                    await uow.plans.save(plans[place])
            after = f"position {to + 1} of {len(plans)}"
            target = f"plan:{data.plan_id}"
            before = f"position {at + 1}"
            await audit_in(uow, data.actor, "plan.move", target, now, before=before, after=after)
            await uow.commit()
        await self._cache.invalidate(cache_keys.plans(data.tenant_id))
        return plans
