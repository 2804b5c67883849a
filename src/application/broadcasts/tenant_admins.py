"""The master console's broadcast to tenant admins: who gets it, through which bot
(docs/master-console.md, "Broadcast to tenant admins").

Each admin is messaged through the bot of the tenant they administer: that is the bot
they started (an admin who never started it is a 403: marked blocked, skipped, the run
goes on). A tenant whose bot does not run (disabled, failed) cannot speak, so its
admins are reached through the master bot instead. One message per (bot, chat): an
admin of two tenants gets one message through each tenant's bot, and the master-bot
fallback sends one per admin however many stopped tenants they administer. The
master tenant itself is not a tenant to its own admins: left out.
"""

from __future__ import annotations

from src.application.ports.tenants import TenantFilter
from src.application.ports.uow import UnitOfWorkFactory
from src.core.broadcasts import Recipient
from src.core.tenancy.tenant import Tenant, TenantStatus

SERVING = frozenset({TenantStatus.ACTIVE, TenantStatus.SUSPENDED})  # their bots run
PAGE = 200


class TenantAdminRecipients:
    """(bot, admin chat) pairs of every tenant, or of one status, in tenant id order."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, status: TenantStatus | None) -> list[Recipient]:
        tenants: list[Tenant] = []
        async with self._uow.platform() as uow:
            master = await uow.tenants.get_master()
            offset = 0
            while True:
                page, total = await uow.tenants.list(
                    limit=PAGE, offset=offset, only=TenantFilter(status)
                )
                tenants += page
                offset += PAGE
                if not page or offset >= total:
                    break
        recipients: list[Recipient] = []
        for tenant in sorted(tenants, key=lambda x: x.id):
            if tenant.is_master:
                continue
            if tenant.status in SERVING:
                bot = tenant.id
            elif master is not None:
                bot = master.id
            else:
                continue  # no master bot: nobody can speak for a stopped tenant
            recipients += [Recipient(bot, admin) for admin in tenant.admin_ids]
        return list(dict.fromkeys(recipients))
