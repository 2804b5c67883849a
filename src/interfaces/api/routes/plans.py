"""`/api/v1/tenants/{tenant_id}/plans`: a tenant's plans (docs/shop.md#plans)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from src.application.shop.create_plan import CreatePlan, CreatePlanInput
from src.application.shop.delete_plan import DeletePlan
from src.application.shop.get_plan import GetPlan
from src.application.shop.list_plans import ListPlans
from src.application.shop.update_plan import UpdatePlan, UpdatePlanInput
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import PlanTerms
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id, keep_unset
from src.interfaces.api.schemas.shop import PlanIn, PlanListOut, PlanOut, PlanPatchIn


class PlansController(Controller):
    path = "/tenants/{tenant_id:int}/plans"
    tags = ("plans",)

    @get("/", **doc(404))
    async def list_plans(
        self, tenant_id: Id, list_plans: NamedDependency[ListPlans]
    ) -> PlanListOut:
        """Every plan, ordered by (sort_order, id)."""
        return PlanListOut([PlanOut.of(p) for p in await list_plans(TenantId(tenant_id))])

    @post("/", **doc(404, 409))
    async def create_plan(
        self, tenant_id: Id, data: JSONBody[PlanIn], create_plan: NamedDependency[CreatePlan]
    ) -> PlanOut:
        """Add a plan; its name must be new in this tenant (409 otherwise)."""
        terms = PlanTerms(
            name=data.name,
            period_days=data.period_days,
            price=data.price,
            traffic_gb=data.traffic_gb,
            device_limit=data.device_limit,
            active=data.active,
            sort_order=data.sort_order,
        )
        return PlanOut.of(await create_plan(CreatePlanInput(TenantId(tenant_id), terms)))

    @get("/{plan_id:int}", **doc(404))
    async def get_plan(
        self, tenant_id: Id, plan_id: Id, get_plan: NamedDependency[GetPlan]
    ) -> PlanOut:
        """One plan."""
        return PlanOut.of(await get_plan(TenantId(tenant_id), PlanId(plan_id)))

    @patch("/{plan_id:int}", **doc(404, 409))
    async def update_plan(
        self,
        tenant_id: Id,
        plan_id: Id,
        data: JSONBody[PlanPatchIn],
        update_plan: NamedDependency[UpdatePlan],
    ) -> PlanOut:
        """Change any of the plan's fields."""
        plan = await update_plan(
            UpdatePlanInput(
                tenant_id=TenantId(tenant_id),
                plan_id=PlanId(plan_id),
                name=keep_unset(data.name),
                period_days=keep_unset(data.period_days),
                price=keep_unset(data.price),
                traffic_gb=keep_unset(data.traffic_gb),
                device_limit=keep_unset(data.device_limit),
                active=keep_unset(data.active),
                sort_order=keep_unset(data.sort_order),
            )
        )
        return PlanOut.of(plan)

    @delete("/{plan_id:int}", **doc(404))
    async def delete_plan(
        self, tenant_id: Id, plan_id: Id, delete_plan: NamedDependency[DeletePlan]
    ) -> None:
        """Remove a plan."""
        await delete_plan(TenantId(tenant_id), PlanId(plan_id))
