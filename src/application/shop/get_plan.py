from __future__ import annotations

from src.application.ports.shop import PlanRepository
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import PlanNotFound
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import Plan


async def require_plan(plans: PlanRepository, plan_id: PlanId, *, for_update: bool = False) -> Plan:
    plan = await plans.get(plan_id, for_update=for_update)
    if plan is None:
        raise PlanNotFound(f"plan {plan_id} not found")
    return plan


class GetPlan:
    """One plan of a tenant; another tenant's plan is not found, like a missing one."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, plan_id: PlanId) -> Plan:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return await require_plan(uow.plans, plan_id)
