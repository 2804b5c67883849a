"""`PlatformAlerts` through the master bot, in the master tenant's language (worded by
the `NoticeRenderer` the interfaces plug in, docs/decisions/0007-notices.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram.exceptions import TelegramAPIError

from src.application.notices import DailyDigest, Notice, ReceiptsUnseen, TenantTokenRejected
from src.application.ports.notices import NoticeRenderer
from src.application.ports.uow import UnitOfWorkFactory
from src.core.tenancy.tenant import Tenant
from src.infrastructure.telegram.registry import BotRegistry

log = logging.getLogger(__name__)


class AiogramPlatformAlerts:
    def __init__(
        self,
        registry: BotRegistry,
        uow: UnitOfWorkFactory,
        extra_admin_ids: tuple[int, ...],
        renderer: NoticeRenderer,
    ) -> None:
        self._registry, self._uow, self._extra = registry, uow, extra_admin_ids
        self._renderer = renderer

    async def tenant_token_rejected(self, tenant: Tenant) -> None:
        await self._tell(tenant, lambda lang: TenantTokenRejected(language=lang, tenant=tenant))

    async def receipts_unseen(self, tenant: Tenant, count: int) -> None:
        await self._tell(
            tenant, lambda lang: ReceiptsUnseen(language=lang, tenant=tenant, count=count)
        )

    async def daily_digest(
        self, failed: int, suspended: int, low_balance: int, receipts_waiting: int
    ) -> None:
        await self._send(
            None,
            lambda lang: DailyDigest(
                language=lang,
                failed=failed,
                suspended=suspended,
                low_balance=low_balance,
                receipts_waiting=receipts_waiting,
            ),
        )

    async def _tell(self, tenant: Tenant, alert: Callable[[str], Notice]) -> None:
        await self._send(tenant, alert)

    async def _send(self, tenant: Tenant | None, alert: Callable[[str], Notice]) -> None:
        """To every master admin through the master bot (not about the master itself)."""
        async with self._uow.platform() as uow:
            master = await uow.tenants.get_master()
            stored = await uow.master_admins.all()  # added from the console
        bot = self._registry.get(master.id) if master else None
        if master is None or bot is None or (tenant is not None and master.id == tenant.id):
            tenant_id = tenant.id if tenant else None
            log.error("no master bot can tell anyone", extra={"tenant_id": tenant_id})
            return
        text = self._renderer.render(alert(master.default_language)).text
        for admin_id in dict.fromkeys((*master.admin_ids, *self._extra, *stored)):
            try:
                await bot.send_message(admin_id, text)
            except TelegramAPIError as exc:
                log.warning("alert not delivered", extra={"admin_id": admin_id, "error": repr(exc)})
