"""The one Dispatcher shared by every bot, with the tenant context and shared routers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Dispatcher, Router
from aiogram.fsm.storage.base import BaseStorage

from src.application.ports.updates import UpdateDeduplicator
from src.application.tenancy.get_tenant import GetTenant
from src.interfaces.bot.audience import SceneMiddleware
from src.interfaces.bot.blocked import BlockedCheck, BlockedUserGate
from src.interfaces.bot.console_services import ConsoleServices
from src.interfaces.bot.context import TenantContextMiddleware, TenantOfBot
from src.interfaces.bot.errors import on_error
from src.interfaces.bot.handlers import (
    basic,
    master_console,
    promo,
    receipts,
    shop,
    stars,
    support,
    support_admin,
    tenant_console,
    topup,
)
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.texts import TextContextLoader, TextContextMiddleware

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DispatcherServices:
    """What the dispatcher and its handlers reach, filled by `platform.dispatcher_services`
    (docs/decisions/0006-composition-root.md). Handlers receive `shop` and `payments`
    (aiogram hands a workflow-data key to every handler parameter of that name)."""

    fsm_storage: Callable[[], BaseStorage]
    bots: Callable[[], TenantOfBot]
    get_tenant: Callable[[], GetTenant]
    dedup: Callable[[], UpdateDeduplicator]
    console: Callable[[], ConsoleServices]
    tenant_console: Callable[[], TenantConsoleServices]
    is_blocked: Callable[[], BlockedCheck]
    shop: Callable[[], ShopServices]
    payments: Callable[[], PaymentServices]
    texts: Callable[[], TextContextLoader]


def build_dispatcher(
    services: DispatcherServices,
    *,
    storage: BaseStorage | None = None,
    routers: tuple[Router, ...] = (),
) -> Dispatcher:
    dp = Dispatcher(storage=storage or services.fsm_storage())
    dp.update.outer_middleware(SceneMiddleware())  # whom a refusal speaks to (audience.py)
    dp.update.outer_middleware(
        TenantContextMiddleware(services.bots(), services.get_tenant(), services.dedup())
    )
    dp.update.outer_middleware(TextContextMiddleware(services.texts()))  # docs/i18n.md
    # a user the shop's admins blocked: one polite refusal, nothing else (blocked.py)
    dp.update.outer_middleware(BlockedUserGate(services.is_blocked()))
    bind_services(dp, services)
    # top-ups before the shop: their FSM steps and the balance screen come first
    # the master console first: its conversation steps are the master admins' (and
    # only theirs: its filter lets no one else in)
    top_ups = (stars.build_router(), receipts.build_router(), topup.build_router())
    growth = (promo.build_router(), support.build_router())
    shared = (
        master_console.build_router(),
        support_admin.build_router(),  # an admin's reply to a ticket, whatever flow they are in
        # the tenant console next: its filter lets only the bot's own admins in
        tenant_console.build_router(),
        *top_ups,
        *growth,
        shop.build_router(),
        basic.build_router(),
    )
    for router in (*routers, *shared):
        dp.include_router(router)
    dp.errors.register(on_error)  # the one error path (src/interfaces/bot/errors.py)
    return dp


def bind_services(dp: Dispatcher, services: DispatcherServices) -> None:
    """Resolve the use cases handlers get (again after the start-up panel check, which
    may switch provisioning off)."""
    dp["shop"] = services.shop()
    dp["payments"] = services.payments()
    dp["console"] = services.console()
    dp["tenant_console"] = services.tenant_console()
