"""The one Dispatcher shared by every bot, with the tenant context and shared routers."""

from __future__ import annotations

import logging

from aiogram import Dispatcher, Router
from aiogram.fsm.storage.base import BaseStorage

from src.infrastructure.container import Container
from src.interfaces.bot.context import TenantContextMiddleware
from src.interfaces.bot.errors import on_error
from src.interfaces.bot.handlers import basic, receipts, shop, stars, topup
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
    bind_services(dp, container)
    # top-ups before the shop: their FSM steps and the balance screen come first
    top_ups = (stars.build_router(), receipts.build_router(), topup.build_router())
    for router in (*routers, *top_ups, shop.build_router(), basic.build_router()):
        dp.include_router(router)
    dp.errors.register(on_error)  # the one error path (src/interfaces/bot/errors.py)
    return dp


def bind_services(dp: Dispatcher, container: Container) -> None:
    """Resolve the use cases handlers get (again after the start-up panel check, which
    may switch provisioning off)."""
    dp["shop"] = ShopServices.from_container(container)
    dp["payments"] = PaymentServices.from_container(container)
