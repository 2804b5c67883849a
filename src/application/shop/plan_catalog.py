from __future__ import annotations

from collections.abc import Sequence

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import PlanUnavailable
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import Plan


class PlanCatalog:
    """A tenant's plans as the shop reads them on every purchase: from the cache.

    Rules: the plan use cases invalidate the tenant's entry on every write, so a
    change is seen at once (in every process with Redis); only an active plan of
    this tenant is for sale.
    """

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def all(self, tenant_id: TenantId) -> Sequence[Plan]:
        return await self._cache.get_or_load(
            cache_keys.plans(tenant_id), lambda: self._load(tenant_id)
        )

    async def active(self, tenant_id: TenantId, plan_id: PlanId) -> Plan:
        plan = next((p for p in await self.all(tenant_id) if p.id == plan_id), None)
        if plan is None or not plan.terms.active:
            raise PlanUnavailable("this plan is not on sale")
        return plan

    async def _load(self, tenant_id: TenantId) -> Sequence[Plan]:
        async with self._uow.for_tenant(tenant_id) as uow:
            return tuple(await uow.plans.list())
