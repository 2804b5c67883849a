"""Master admins added from the console (docs/master-console.md, "Rights").

Rules:
- a master admin is an id of `FLEET_MASTER_ADMIN_IDS` (configuration, never changed
  here) or a stored one; the stored list is cached and invalidated in every process
  on a change, so a removed admin loses the console at once;
- only a master admin may add or remove one (the console checks); an id must be a
  positive Telegram id within int64; adding one twice or removing one who is not
  stored changes nothing and writes no audit row;
- each change writes a platform-wide audit row (no tenant) in its transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.core.errors import ValidationError
from src.core.ids import MAX_ID


def check_telegram_id(telegram_id: int) -> int:
    if isinstance(telegram_id, bool) or not 0 < telegram_id <= MAX_ID:
        raise ValidationError("a Telegram id is a positive integer", field="telegram_id")
    return telegram_id


class MasterAdmins:
    def __init__(self, uow: UnitOfWorkFactory, cache: Cache, clock: Clock) -> None:
        self._uow, self._cache, self._clock = uow, cache, clock

    async def stored(self) -> Sequence[int]:
        return await self._cache.get_or_load(cache_keys.master_admins(), self._load)

    async def _load(self) -> Sequence[int]:
        async with self._uow.platform() as uow:
            return tuple(await uow.master_admins.all())

    async def add(self, telegram_id: int, *, actor: str) -> bool:
        return await self._change(telegram_id, actor, adding=True)

    async def remove(self, telegram_id: int, *, actor: str) -> bool:
        return await self._change(telegram_id, actor, adding=False)

    async def _change(self, telegram_id: int, actor: str, *, adding: bool) -> bool:
        telegram_id = check_telegram_id(telegram_id)
        now = self._clock.now()
        async with self._uow.platform() as uow:
            if adding:
                changed = await uow.master_admins.add(telegram_id, actor, now)
            else:
                changed = await uow.master_admins.remove(telegram_id)
            if not changed:
                return False
            action = "master_admin.add" if adding else "master_admin.remove"
            change = Change(None, action, f"tg:{telegram_id}")
            await audit_change(uow.audit, actor, change, now)
            await uow.commit()
        await self._cache.invalidate(cache_keys.master_admins())
        return True
