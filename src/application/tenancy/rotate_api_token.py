from __future__ import annotations

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.ids import TenantId
from src.core.tenancy.api_token import hash_api_token, issue_api_token


class RotateApiToken:
    """Issue a new API token for a tenant; the old one stops working at once.

    Rules: the new token is returned once and stored as SHA-256 only; the cached
    lookup of the old token is invalidated in every process.
    """

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, clock: Clock) -> None:
        self._uow, self._cache, self._clock = uow, cache, clock

    async def __call__(self, tenant_id: TenantId, *, actor: str | None = None) -> str:
        token = issue_api_token()
        async with self._uow.platform() as uow:
            await require_tenant(uow.tenants, tenant_id, for_update=True)
            old = await uow.tenants.replace_api_token_hash(tenant_id, hash_api_token(token))
            change = Change(tenant_id, "tenant.rotate_token", f"tenant:{tenant_id}")
            await audit_change(uow.audit, actor, change, self._clock.now())
            await uow.commit()
        if old is not None:
            await self._cache.invalidate(cache_keys.api_token(old))
        return token
