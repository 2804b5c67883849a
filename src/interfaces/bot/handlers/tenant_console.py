"""The tenant admin console (docs/tenant-console.md): `/admin` for the tenant's admins only.

Every press re-checks that the presser is an admin of the bot that received it (the
tenant comes from the bot, never from the data), so a user of this tenant or an
admin of another tenant pressing a forged button changes nothing. Built so far:
the broadcast screen (compose, audience, preview, confirm, progress, cancel).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from src.application.i18n import t
from src.core.broadcasts import Audience, BroadcastMessage
from src.core.errors import DomainError
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.interfaces.bot.callbacks import Id


class ConsoleCb(CallbackData, prefix="tc"):
    action: str  # menu, bc_new, bc_aud, bc_go


class AudienceCb(CallbackData, prefix="tca"):
    audience: Audience


class BroadcastCb(CallbackData, prefix="bc"):
    action: str  # cancel
    broadcast_id: Id


class Compose(StatesGroup):
    text = State()
    audience = State()


def _kb(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in rows
        ]
    )


def _menu(lang: str) -> InlineKeyboardMarkup:
    return _kb([(t(lang, "console.broadcast"), ConsoleCb(action="bc_new").pack())])


def build_router(container: Container) -> Router:
    router = Router(name="tenant-console")
    start, cancel, count = (
        container.start_broadcast,
        container.cancel_broadcast,
        container.count_audience,
    )

    def admin(tenant: Tenant, user_id: int) -> bool:
        return tenant.is_admin(user_id)

    @router.message(Command("admin"))
    async def open_console(message: Message, tenant: Tenant, state: FSMContext) -> None:
        if message.from_user is None or not admin(tenant, message.from_user.id):
            raise SkipHandler  # everyone else: /admin is an unknown command
        await state.clear()
        lang = tenant.default_language
        await message.answer(t(lang, "console.title", name=tenant.name), reply_markup=_menu(lang))

    @router.callback_query(ConsoleCb.filter(F.action == "bc_new"))
    async def new_broadcast(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        if not admin(tenant, query.from_user.id):
            raise SkipHandler
        await state.set_state(Compose.text)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(t(tenant.default_language, "console.bc_ask_text"))

    @router.message(Compose.text, F.text)
    async def got_text(message: Message, tenant: Tenant, state: FSMContext) -> None:
        if message.from_user is None or not admin(tenant, message.from_user.id):
            raise SkipHandler
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
        await message.answer(t(lang, "console.bc_ask_audience"), reply_markup=_kb(*rows))

    @router.callback_query(Compose.audience, AudienceCb.filter())
    async def preview(
        query: CallbackQuery, callback_data: AudienceCb, tenant: Tenant, state: FSMContext
    ) -> None:
        if not admin(tenant, query.from_user.id):
            raise SkipHandler
        lang = tenant.default_language
        data = await state.get_data()
        n = await count()(tenant.id, callback_data.audience)
        await state.update_data(audience=callback_data.audience.value)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(
                t(lang, "console.bc_preview", count=n, text=data.get("text", "")),
                reply_markup=_kb(
                    [
                        (t(lang, "console.bc_confirm"), ConsoleCb(action="bc_go").pack()),
                        (t(lang, "console.back"), ConsoleCb(action="menu").pack()),
                    ]
                ),
            )

    @router.callback_query(Compose.audience, ConsoleCb.filter(F.action == "bc_go"))
    async def confirm(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        if not admin(tenant, query.from_user.id):
            raise SkipHandler
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
    async def menu(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        if not admin(tenant, query.from_user.id):
            raise SkipHandler
        await state.clear()
        lang = tenant.default_language
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(
                t(lang, "console.title", name=tenant.name), reply_markup=_menu(lang)
            )

    @router.callback_query(BroadcastCb.filter(F.action == "cancel"))
    async def cancel_broadcast(
        query: CallbackQuery, callback_data: BroadcastCb, tenant: Tenant
    ) -> None:
        if not admin(tenant, query.from_user.id):
            raise SkipHandler
        try:
            await cancel()(tenant.id, callback_data.broadcast_id, by=query.from_user.id)
        except DomainError:
            raise SkipHandler from None
        await query.answer(t(tenant.default_language, "broadcast.cancelled"))

    return router
