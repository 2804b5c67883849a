"""The tenant admin console (docs/tenant-console.md): `/admin` for the tenant's admins only.

Every console router sits behind `TenantAdmin`: the presser must be an admin of the
bot that received the update (the tenant comes from the bot, never from the data), so
a user of this tenant or an admin of another tenant pressing a forged button changes
nothing, and for them `/admin` is an unknown command. This module: the menu and the
broadcast screen (compose, audience, preview, confirm, progress, cancel); the other
screens are routers of their own, included here.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from src.application.i18n import t
from src.core.broadcasts import Audience, BroadcastMessage
from src.core.errors import DomainError
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.interfaces.bot.callbacks import Id
from src.interfaces.bot.handlers import (
    console_cards,
    console_plans,
    console_receipts,
    console_reports,
    console_users,
)
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.views.console import ConsoleCb, TenantAdmin, cb, kb, menu, show


class AudienceCb(CallbackData, prefix="tca"):
    audience: Audience


class BroadcastCb(CallbackData, prefix="bc"):
    action: str  # cancel
    broadcast_id: Id


class Compose(StatesGroup):
    text = State()
    audience = State()


def build_router(container: Container) -> Router:
    router = Router(name="tenant-console")
    router.message.filter(TenantAdmin())
    router.callback_query.filter(TenantAdmin())
    router.include_routers(
        console_receipts.build_router(container),
        console_users.build_router(container),
        console_plans.build_router(container),
        console_cards.build_router(container),
        console_reports.build_router(container),
    )
    start, cancel, count = (
        container.start_broadcast,
        container.cancel_broadcast,
        container.count_audience,
    )

    @router.message(Command("admin"))
    async def open_console(
        message: Message, tenant: Tenant, state: FSMContext, payments: PaymentServices
    ) -> None:
        await state.clear()
        lang = tenant.default_language
        await message.answer(t(lang, "console.title", name=tenant.name), reply_markup=menu(lang))
        if message.from_user is not None:  # receipts no admin was shown come with the console
            await payments.waiting_receipts(tenant, message.from_user.id)

    @router.callback_query(ConsoleCb.filter(F.action == "bc_new"))
    async def new_broadcast(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.set_state(Compose.text)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(t(tenant.default_language, "console.bc_ask_text"))

    @router.message(Compose.text, F.text)
    async def got_text(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        try:
            BroadcastMessage(message.text or "")
        except DomainError as exc:
            await message.answer(exc.message)
            return
        await state.update_data(text=message.text)
        await state.set_state(Compose.audience)
        rows = [
            [(t(lang, f"console.aud_{a.value}"), AudienceCb(audience=a).pack())] for a in Audience
        ]
        await message.answer(t(lang, "console.bc_ask_audience"), reply_markup=kb(*rows))

    @router.callback_query(Compose.audience, AudienceCb.filter())
    async def preview(
        query: CallbackQuery, callback_data: AudienceCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        data = await state.get_data()
        n = await count()(tenant.id, callback_data.audience)
        await state.update_data(audience=callback_data.audience.value)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(
                t(lang, "console.bc_preview", count=n, text=data.get("text", "")),
                reply_markup=kb(
                    [
                        (t(lang, "console.bc_confirm"), cb("bc_go")),
                        (t(lang, "console.back"), cb("menu")),
                    ]
                ),
            )

    @router.callback_query(Compose.audience, ConsoleCb.filter(F.action == "bc_go"))
    async def confirm(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        data = await state.get_data()
        await state.clear()  # one broadcast per confirmation: a second press finds no draft
        broadcast = await start().to_audience(
            tenant.id,
            Audience(data["audience"]),
            BroadcastMessage(data["text"]),
            by=query.from_user.id,
            language=tenant.default_language,
        )
        await query.answer(t(tenant.default_language, "console.bc_started", total=broadcast.total))

    @router.callback_query(ConsoleCb.filter(F.action == "menu"))
    async def back_to_menu(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        lang = tenant.default_language
        await show(query, t(lang, "console.title", name=tenant.name), menu(lang))

    @router.callback_query(BroadcastCb.filter(F.action == "cancel"))
    async def cancel_broadcast(
        query: CallbackQuery, callback_data: BroadcastCb, tenant: Tenant
    ) -> None:
        try:
            await cancel()(tenant.id, callback_data.broadcast_id, by=query.from_user.id)
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
        await query.answer(t(tenant.default_language, "broadcast.cancelled"))

    return router
