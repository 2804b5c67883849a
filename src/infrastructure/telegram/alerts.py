"""`PlatformAlerts` through the master bot, in the master tenant's language."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError

from src.application.i18n import t
from src.application.ports.uow import UnitOfWorkFactory
from src.core.tenancy.tenant import Tenant
from src.infrastructure.telegram.registry import BotRegistry

log = logging.getLogger(__name__)


class AiogramPlatformAlerts:
    def __init__(
        self, registry: BotRegistry, uow: UnitOfWorkFactory, extra_admin_ids: tuple[int, ...]
    ) -> None:
        self._registry, self._uow, self._extra = registry, uow, extra_admin_ids

    async def tenant_token_rejected(self, tenant: Tenant) -> None:
        await self._tell(tenant, "alerts.tenant_failed")

    async def receipts_unseen(self, tenant: Tenant, count: int) -> None:
        await self._tell(tenant, "alerts.receipts_unseen", count=count)

    async def daily_digest(
        self, failed: int, suspended: int, low_balance: int, receipts_waiting: int
    ) -> None:
        await self._send(
            None,
            "alerts.daily_digest",
            failed=failed,
            suspended=suspended,
            low_balance=low_balance,
            receipts=receipts_waiting,
        )

    async def _tell(self, tenant: Tenant, key: str, **params: object) -> None:
        about = {"tenant_id": tenant.id, "name": tenant.name, "username": tenant.username}
        await self._send(tenant, key, **about, **params)

    async def _send(self, tenant: Tenant | None, key: str, **params: object) -> None:
        """To every master admin through the master bot (not about the master itself)."""
        async with self._uow.platform() as uow:
            master = await uow.tenants.get_master()
            stored = await uow.master_admins.all()  # added from the console
        bot = self._registry.get(master.id) if master else None
        if master is None or bot is None or (tenant is not None and master.id == tenant.id):
            tenant_id = tenant.id if tenant else None
            log.error("no master bot can tell anyone", extra={"tenant_id": tenant_id, "alert": key})
            return
        text = t(master.default_language, key, **params)
        for admin_id in dict.fromkeys((*master.admin_ids, *self._extra, *stored)):
            try:
                await bot.send_message(admin_id, text)
            except TelegramAPIError as exc:
                log.warning("alert not delivered", extra={"admin_id": admin_id, "error": repr(exc)})
