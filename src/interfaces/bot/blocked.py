"""Users a shop's admins blocked (the tenant console's user card): one polite refusal
per message or press, and nothing else runs for them."""

from __future__ import annotations

from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.context import Handler, refuse_update
from src.interfaces.bot.i18n import t


class BlockedCheck(Protocol):
    async def __call__(self, tenant_id: TenantId, telegram_id: int) -> bool: ...


class BlockedUserGate(BaseMiddleware):
    """Outer middleware after the tenant context.

    - the check is a cached per-tenant set (IsBlocked): no query per update;
    - the shop's admins are never gated (an admin cannot lock themselves out);
    - a Stars payment Telegram already took (`successful_payment`) still reaches its
      handler, so money paid before the block is credited, never lost;
    - a pre-checkout of a blocked user is refused, so no new money is taken.
    """

    def __init__(self, is_blocked: BlockedCheck) -> None:
        self._is_blocked = is_blocked

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tenant = data.get("tenant")
        user = data.get("event_from_user")
        if (
            not isinstance(event, Update)
            or not isinstance(tenant, Tenant)
            or user is None
            or tenant.is_admin(user.id)
            or (event.message is not None and event.message.successful_payment is not None)
            or not await self._is_blocked(tenant.id, user.id)
        ):
            return await handler(event, data)
        await refuse_update(data["bot"], event, t(tenant.default_language, "common.blocked"))
        return None
