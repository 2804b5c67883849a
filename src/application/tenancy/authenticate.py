from __future__ import annotations

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.get_tenant import GetTenant
from src.core.errors import TenantNotFound, Unauthenticated
from src.core.ids import TenantId
from src.core.tenancy.api_token import hash_api_token


class AuthenticateApiToken:
    """Resolve a tenant API token to its tenant id (called on every API request).

    Rules: the token is looked up by its SHA-256 only, so timing reveals nothing
    about stored tokens; the digest -> tenant mapping (and the absence of one) is
    cached, and so is the tenant record, so a hit costs no database round trip;
    an unknown token, a rotated-out token (its entry is invalidated by
    RotateApiToken) and the token of a deleted tenant (its cached record is
    invalidated by DeleteTenant) are unauthenticated. Any tenant status may
    authenticate: a disabled or suspended tenant may still read its own state.
    """

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache
        self._tenants = GetTenant(uow, cache)

    async def __call__(self, token: str) -> TenantId:
        digest = hash_api_token(token)
        tenant_id = await self._cache.get_or_load(
            cache_keys.api_token(digest), lambda: self._load(digest)
        )
        if tenant_id is None:
            raise Unauthenticated("invalid API token")
        try:
            await self._tenants(tenant_id)
        except TenantNotFound:
            raise Unauthenticated("invalid API token") from None
        return tenant_id

    async def _load(self, digest: str) -> TenantId | None:
        async with self._uow.platform() as uow:
            return await uow.tenants.find_by_api_token_hash(digest)
