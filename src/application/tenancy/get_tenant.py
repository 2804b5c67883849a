from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.tenants import ALL_TENANTS, TenantFilter
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant


class GetTenant:
    """A tenant record, served from the cache on a hit (read on every update)."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId) -> Tenant:
        return await self._cache.get_or_load(
            cache_keys.tenant(tenant_id), lambda: self._load(tenant_id)
        )

    async def _load(self, tenant_id: TenantId) -> Tenant:
        async with self._uow.platform() as uow:
            return await require_tenant(uow.tenants, tenant_id)


@dataclass(frozen=True, slots=True)
class TenantPage:
    items: Sequence[Tenant]
    total: int


class ListTenants:
    """All tenants, master first then by id, paginated (master's view)."""

    MAX_LIMIT = 200

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, *, limit: int = 50, offset: int = 0, only: TenantFilter = ALL_TENANTS
    ) -> TenantPage:
        limit = max(1, min(limit, self.MAX_LIMIT))
        async with self._uow.platform() as uow:
            items, total = await uow.tenants.list(limit=limit, offset=max(0, offset), only=only)
        return TenantPage(items, total)
