"""The one Dispatcher shared by every bot, with the tenant context and shared routers."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import ErrorEvent

from src.application.i18n import t
from src.infrastructure.container import Container
from src.interfaces.bot.blocked import BlockedUserGate
from src.interfaces.bot.context import TenantContextMiddleware
from src.interfaces.bot.handlers import basic, receipts, shop, stars, tenant_console, topup
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.services import ShopServices

log = logging.getLogger(__name__)


def build_dispatcher(
    container: Container, *, storage: BaseStorage | None = None, routers: tuple[Router, ...] = ()
) -> Dispatcher:
    dp = Dispatcher(storage=storage or container.fsm_storage())
    dp.update.outer_middleware(
        TenantContextMiddleware(container.bot_registry(), container.get_tenant(), container.dedup())
    )
    dp.update.outer_middleware(BlockedUserGate(container.is_blocked()))
    bind_services(dp, container)
    # top-ups before the shop: their FSM steps and the balance screen come first
    top_ups = (stars.build_router(), receipts.build_router(), topup.build_router())
    console = tenant_console.build_router(container)
    for router in (*routers, console, *top_ups, shop.build_router(), basic.build_router()):
        dp.include_router(router)
    dp.errors.register(_on_error)
    return dp


def bind_services(dp: Dispatcher, container: Container) -> None:
    """Resolve the use cases handlers get (again after the start-up panel check, which
    may switch provisioning off)."""
    dp["shop"] = ShopServices.from_container(container)
    dp["payments"] = PaymentServices.from_container(container)


async def _on_error(event: ErrorEvent, **data: Any) -> bool:
    """Unexpected errors: logged with the tenant id, a generic reply, no internals."""
    tenant = data.get("tenant")
    log.error(
        "handler failed",
        exc_info=event.exception,
        extra={"tenant_id": getattr(tenant, "id", None)},
    )
    lang = getattr(tenant, "default_language", "en")
    update = event.update
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "common.error"), show_alert=True)
        elif update.message is not None:
            await update.message.answer(t(lang, "common.error"))
    except Exception:
        log.warning("could not tell the user about an error")
    return True
