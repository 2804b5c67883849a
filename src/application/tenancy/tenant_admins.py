"""A tenant's admin ids, edited from a console (docs/tenant-console.md, "Admins").

Rules:
- an id is a positive Telegram id within int64 (`check_telegram_id`); a tenant has
  at most `MAX_TENANT_ADMINS` (20) admins, the bound `check_admin_ids` also puts on
  creation and on the API's PATCH;
- the master console's tenant card (a master admin, `by_admin` None) and the tenant
  console (an existing admin of that tenant, `by_admin` their Telegram id) may add
  and remove; anyone else is refused (`NotTenantAdmin`), re-checked here under the
  tenant's row lock, so a removed admin's stale screen changes nothing;
- the list never becomes empty (`LastTenantAdmin`): a shop must keep someone who can
  decide receipts; and an admin cannot remove themselves from the tenant console
  (another admin, or the master, can), so nobody locks themselves out by a misclick;
- adding one already there or removing one who is not there changes nothing and
  writes no audit row; a change writes one audit row (`tenant.admins`, the lists
  before and after) in its transaction, and the cached tenant record is invalidated
  in every process at once (the new admin's /admin works at once).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.application.tenancy.master_admins import check_telegram_id
from src.core.errors import Conflict, ValidationError
from src.core.ids import TenantId
from src.core.payments.card_payment import NotTenantAdmin
from src.core.tenancy.tenant import MAX_TENANT_ADMINS, Tenant


class LastTenantAdmin(Conflict):
    code = "last_tenant_admin"


class SelfRemoval(Conflict):
    code = "tenant_admin_self_removal"


class TooManyTenantAdmins(ValidationError):
    code = "too_many_tenant_admins"


@dataclass(frozen=True, slots=True)
class TenantAdminChange:
    tenant_id: TenantId
    telegram_id: int
    add: bool
    actor: str  # tg:<id> of whoever presses
    by_admin: int | None = None  # the tenant admin editing; None: a master admin


class ChangeTenantAdmins:
    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, clock: Clock) -> None:
        self._uow, self._cache, self._clock = uow, cache, clock

    async def __call__(self, data: TenantAdminChange) -> Tenant:
        telegram_id = check_telegram_id(data.telegram_id)
        now = self._clock.now()
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, data.tenant_id, for_update=True)
            if data.by_admin is not None and not tenant.is_admin(data.by_admin):
                raise NotTenantAdmin("only this shop's admins edit its admins")
            before = tenant.admin_ids
            if data.add:
                if telegram_id in before:
                    return tenant
                if len(before) >= MAX_TENANT_ADMINS:
                    raise TooManyTenantAdmins(f"at most {MAX_TENANT_ADMINS} admins")
                after = (*before, telegram_id)
            else:
                if telegram_id not in before:
                    return tenant
                if len(before) == 1:
                    raise LastTenantAdmin("a shop keeps at least one admin")
                if telegram_id == data.by_admin:
                    raise SelfRemoval("another admin removes you")
                after = tuple(i for i in before if i != telegram_id)
            updated = replace(tenant, admin_ids=after, updated_at=now)
            await uow.tenants.save(updated)
            change = Change(
                tenant.id,
                "tenant.admins",
                f"tenant:{tenant.id}",
                ",".join(map(str, before)),
                ",".join(map(str, after)),
            )
            await audit_change(uow.audit, data.actor, change, now)
            await uow.commit()
        await self._cache.invalidate(cache_keys.tenant(data.tenant_id))
        return updated
