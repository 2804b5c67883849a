"""Tenant configuration: the cached effective view, setting and resetting a key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from src.application import cache_keys
from src.application.audit.audit_trail import audit_in
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.shop.trial import TrialLimits
from src.core.tenancy.config import config_spec, effective_config


class GetConfig:
    """Effective config of a tenant (registry defaults overlaid with overrides), cached."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId) -> Mapping[str, Any]:
        return await self._cache.get_or_load(
            cache_keys.config(tenant_id), lambda: self._load(tenant_id)
        )

    async def _load(self, tenant_id: TenantId) -> Mapping[str, Any]:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return effective_config(await uow.config.all())


@dataclass(frozen=True, slots=True)
class SetConfigInput:
    tenant_id: TenantId
    key: str
    value: Any
    by_master: bool
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


class SetConfigValue:
    """Override one config key of a tenant.

    Rules: unknown key -> validation error; a platform-managed key set with a
    tenant credential -> forbidden; the value must pass the key's schema and a
    trial key the platform's cap (`TrialLimits.check`, whoever sets it); the
    change is seen at once (cache invalidated everywhere).
    """

    def __init__(
        self, uow: UnitOfWorkFactory, cache: Cache, trial_limits: TrialLimits, clock: Clock
    ) -> None:
        self._uow, self._cache, self._trial_limits = uow, cache, trial_limits
        self._clock = clock

    async def __call__(self, data: SetConfigInput) -> Any:
        spec = config_spec(data.key, by_master=data.by_master)
        value = spec.validate(data.value)
        self._trial_limits.check(data.key, value)
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            await uow.config.put(data.key, value)
            target, now = f"config:{data.key}", self._clock.now()
            await audit_in(uow, data.actor, "config.set", target, now, after=str(value))
            await uow.commit()
        await self._cache.invalidate(cache_keys.config(data.tenant_id))
        return value


@dataclass(frozen=True, slots=True)
class ResetConfigInput:
    tenant_id: TenantId
    key: str
    by_master: bool


class ResetConfigValue:
    """Drop a tenant's override of a key so the registry default applies again."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, data: ResetConfigInput) -> Any:
        spec = config_spec(data.key, by_master=data.by_master)
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            await uow.config.delete(data.key)
            await uow.commit()
        await self._cache.invalidate(cache_keys.config(data.tenant_id))
        return spec.default
