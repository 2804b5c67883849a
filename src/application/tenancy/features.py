"""Feature flags of a tenant: the cached effective view and the master's switch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.tenancy.features import FeatureState, effective_features, feature_spec


class GetFeatures:
    """The effective flags of a tenant (stored rows over registry defaults), cached.

    Rules: served from the cache on a hit (no database round trip); an unknown
    tenant is not found.
    """

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId) -> Mapping[str, FeatureState]:
        return await self._cache.get_or_load(
            cache_keys.features(tenant_id), lambda: self._load(tenant_id)
        )

    async def is_enabled(self, tenant_id: TenantId, key: str) -> bool:
        return (await self(tenant_id))[key].enabled

    async def _load(self, tenant_id: TenantId) -> Mapping[str, FeatureState]:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return effective_features(await uow.flags.all())


# a named precondition of a flag (FeatureSpec.precondition): raises to refuse switching on;
# called with the tenant's unit of work (the flag's row is locked) and the flag's key
FeaturePrecondition = Callable[[TenantUnitOfWork, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class SetFeatureInput:
    tenant_id: TenantId
    key: str
    enabled: bool
    config: Mapping[str, Any] | None = None
    actor: str | None = None  # named: the change is audited


class SetFeature:
    """Switch a feature of a tenant and set its config (master only: the caller checks).

    Rules: unknown key and a config failing the key's schema are validation errors
    naming the field; switching on a flag whose behaviour is not built is refused
    (FeatureNotImplemented, 409) and changes nothing; so is switching on a flag
    whose precondition fails (its own error, e.g. 409 payment_provider_not_configured);
    a config left out keeps the stored one; the change is seen at once in this
    process and, with Redis, in every process.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        cache: Cache,
        clock: Clock,
        preconditions: Mapping[str, FeaturePrecondition] = MappingProxyType({}),
    ) -> None:
        self._uow, self._cache, self._clock = uow, cache, clock
        self._preconditions = preconditions

    async def __call__(self, data: SetFeatureInput) -> FeatureState:
        spec = feature_spec(data.key)
        spec.check_switch(data.enabled)
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant, for_update=True)
            if data.enabled and spec.precondition is not None:
                await self._preconditions[spec.precondition](uow, data.key)
            stored = (await uow.flags.all()).get(data.key)
            before = effective_features({data.key: stored} if stored else {})[data.key]
            if data.config is None:
                config = spec.validate_config(stored[1] if stored else None)
            else:
                config = spec.validate_config(data.config)
            await uow.flags.put(data.key, data.enabled, config)
            change = Change(
                data.tenant_id,
                "feature.set",
                f"feature:{data.key}",
                _summary(before),
                _summary(FeatureState(data.enabled, config)),
            )
            await audit_change(uow.audit, data.actor, change, self._clock.now())
            await uow.commit()
        await self._cache.invalidate(cache_keys.features(data.tenant_id))
        return FeatureState(data.enabled, config)


def _summary(state: FeatureState) -> str:
    return f"{'on' if state.enabled else 'off'} {dict(state.config)}"
