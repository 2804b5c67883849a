"""A tenant's own wording of the bot's texts (docs/i18n.md#per-tenant-overrides).

The bot reads every override of a tenant at once from the cache (no query per message);
a change or a reset invalidates that cache entry everywhere, like flags and config. The
interfaces check an override (Fluent syntax, the default's variables, Telegram's limits)
before `SetTextOverride` stores it: only they know the catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.texts import TextKey
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId


class GetTextOverrides:
    """Every override of a tenant, cached."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId) -> Mapping[TextKey, str]:
        return await self._cache.get_or_load(
            cache_keys.texts(tenant_id), lambda: self._load(tenant_id)
        )

    async def _load(self, tenant_id: TenantId) -> Mapping[TextKey, str]:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return MappingProxyType(dict(await uow.texts.all()))


@dataclass(frozen=True, slots=True)
class TextOverrideInput:
    tenant_id: TenantId
    language: str
    key: str
    source: str
    actor: str | None = None  # named: the change is audited `text.set` (the tenant console)


class SetTextOverride:
    """Store a checked override; the bots see it at once (cache invalidated everywhere)."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, clock: Clock) -> None:
        self._uow, self._cache, self._clock = uow, cache, clock

    async def __call__(self, data: TextOverrideInput) -> None:
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            before = (await uow.texts.all()).get((data.language, data.key)) if data.actor else None
            await uow.texts.put(data.language, data.key, data.source)
            target = f"{data.language}/{data.key}"
            change = Change(data.tenant_id, "text.set", target, before, data.source)
            await audit_change(uow.audit, data.actor, change, self._clock.now())
            await uow.commit()
        await self._cache.invalidate(cache_keys.texts(data.tenant_id))


class ResetTextOverride:
    """Drop an override so the default text applies again; False when there was none."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, clock: Clock) -> None:
        self._uow, self._cache, self._clock = uow, cache, clock

    async def __call__(
        self, tenant_id: TenantId, language: str, key: str, *, actor: str | None = None
    ) -> bool:
        """With an actor, a reset that dropped an override is audited `text.reset`."""
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            dropped = await uow.texts.delete(language, key)
            if dropped:
                change = Change(tenant_id, "text.reset", f"{language}/{key}")
                await audit_change(uow.audit, actor, change, self._clock.now())
            await uow.commit()
        await self._cache.invalidate(cache_keys.texts(tenant_id))
        return dropped
