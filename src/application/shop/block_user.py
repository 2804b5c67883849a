from __future__ import annotations

from dataclasses import dataclass

from src.application import cache_keys
from src.application.audit.audit_trail import audit_in
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.get_user import require_user
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import ShopUserId, TenantId
from src.core.shop.user import ShopUser


@dataclass(frozen=True, slots=True)
class BlockUserInput:
    tenant_id: TenantId
    user_id: ShopUserId
    block: bool  # False: unblock
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


class BlockUser:
    """Block or unblock a user of the shop (the tenant console's user card).

    Rules: a blocked user gets one polite refusal per message or press and nothing
    else (the bot's `BlockedUserGate`); another tenant's user is not found; blocking a
    blocked user (or unblocking one who is not) writes nothing and is not audited; the
    change is seen by every process at once (the cached set is invalidated).
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache

    async def __call__(self, data: BlockUserInput) -> ShopUser:
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            user = await require_user(uow.users, data.user_id, for_update=True)
            if await uow.users.set_blocked(user.id, now if data.block else None):
                action = "user.block" if data.block else "user.unblock"
                await audit_in(uow, data.actor, action, f"user:{user.id}", now)
            user = await require_user(uow.users, data.user_id)
            await uow.commit()
        await self._cache.invalidate(cache_keys.blocked_users(data.tenant_id))
        return user


class IsBlocked:
    """Whether a Telegram user is blocked in this shop: one cached set per tenant, so
    the check costs no query per update."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId, telegram_id: int) -> bool:
        async def load() -> frozenset[int]:
            async with self._uow.for_tenant(tenant_id) as uow:
                return await uow.users.blocked_telegram_ids()

        blocked = await self._cache.get_or_load(cache_keys.blocked_users(tenant_id), load)
        return telegram_id in blocked
