"""In-memory twin of the plan repository (kept equal by tests/contract)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from src.core.errors import DuplicatePlanName
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import Plan, PlanTerms
from src.infrastructure.memory.tenancy import DataRef


class InMemoryPlanRepository:
    def __init__(self, data: DataRef, tenant_id: TenantId) -> None:
        self._data, self._tenant_id = data, tenant_id

    def _mine(self) -> list[Plan]:
        return [p for (tid, _), p in self._data().plans.items() if tid == self._tenant_id]

    def _check_name(self, name: str, plan_id: PlanId | None) -> None:
        if any(p.name == name and p.id != plan_id for p in self._mine()):
            raise DuplicatePlanName(f"a plan named {name!r} exists")

    async def list(self) -> Sequence[Plan]:
        return sorted(self._mine(), key=lambda p: (p.terms.sort_order, p.id))

    async def get(self, plan_id: PlanId, *, for_update: bool = False) -> Plan | None:
        return self._data().plans.get((self._tenant_id, plan_id))

    async def add(self, terms: PlanTerms, now: datetime) -> Plan:
        self._check_name(terms.name, None)
        data = self._data()
        plan = Plan(PlanId(data.next_plan_id), terms, now, now)
        data.next_plan_id += 1
        data.plans[(self._tenant_id, plan.id)] = plan
        return plan

    async def save(self, plan: Plan) -> None:
        key = (self._tenant_id, plan.id)
        old = self._data().plans.get(key)
        if old is None:
            return
        self._check_name(plan.name, plan.id)
        self._data().plans[key] = Plan(plan.id, plan.terms, old.created_at, plan.updated_at)

    async def delete(self, plan_id: PlanId) -> bool:
        return self._data().plans.pop((self._tenant_id, plan_id), None) is not None
