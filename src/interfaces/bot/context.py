"""The tenant context: resolved from the bot that received the update, never from input."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

from src.application.ports.updates import UpdateDeduplicator
from src.core.errors import TenantNotFound
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant, TenantStatus
from src.infrastructure.logging_setup import current_tenant, current_update
from src.infrastructure.metrics import UPDATES
from src.interfaces.bot.i18n import t

log = logging.getLogger(__name__)


class TenantOfBot(Protocol):
    def tenant_of(self, telegram_bot_id: int) -> TenantId | None: ...


class TenantLoader(Protocol):
    async def __call__(self, tenant_id: TenantId) -> Tenant: ...


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class TenantContextMiddleware(BaseMiddleware):
    """Outer middleware on every update (docs/runtime.md#tenant-context).

    - the tenant comes from the receiving bot (registry) and the cache (no database
      round trip on a hit);
    - an update of an unknown or stopped tenant is dropped;
    - a (tenant, update_id) seen before is dropped;
    - a suspended tenant's users get "service paused" and nothing else runs;
    - handlers receive `tenant`; log lines carry the tenant id and the update id.
    """

    def __init__(self, bots: TenantOfBot, tenants: TenantLoader, dedup: UpdateDeduplicator) -> None:
        self._bots, self._tenants, self._dedup = bots, tenants, dedup

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot = data["bot"]
        tenant_id = self._bots.tenant_of(bot.id)
        if tenant_id is None or not isinstance(event, Update):
            UPDATES.labels("dropped").inc()
            return None
        if not await self._dedup.first_time(tenant_id, event.update_id):
            UPDATES.labels("duplicate").inc()
            return None
        try:
            tenant = await self._tenants(tenant_id)
        except TenantNotFound:
            UPDATES.labels("dropped").inc()
            return None
        if not tenant.serves_updates:
            UPDATES.labels("dropped").inc()
            return None
        token, update_token = current_tenant.set(tenant_id), current_update.set(event.update_id)
        try:
            if tenant.status is TenantStatus.SUSPENDED:
                await _say_paused(bot, event, tenant)
                return None
            data["tenant"] = tenant
            return await handler(event, data)
        finally:
            current_tenant.reset(token)
            current_update.reset(update_token)


async def _say_paused(bot: Bot, update: Update, tenant: Tenant) -> None:
    await refuse_update(bot, update, t(tenant.default_language, "common.service_paused"))


async def refuse_update(bot: Bot, update: Update, text: str) -> None:
    """Answer an update with `text` and nothing else: an alert on a press, a message in
    a private chat, a refused pre-checkout (no money is taken)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None and update.message.chat.type == "private":
        await bot.send_message(update.message.chat.id, text)
    elif update.pre_checkout_query is not None:
        await update.pre_checkout_query.answer(ok=False, error_message=text)
