"""The tenant admin console (docs/tenant-console.md): `/admin` for the tenant's admins only.

Every console router sits behind `TenantAdmin`: the presser must be an admin of the
bot that received the update (the tenant comes from the bot, never from the data), so
a user of this tenant or an admin of another tenant pressing a forged button changes
nothing, and for them `/admin` is an unknown command. This module: the menu, the
admins screen and the broadcast screen (compose text or a photo with its caption, an
optional URL button, audience, preview as the users will see it, confirm, progress,
cancel); the other screens are routers of their own, included here. Refusals (a text
too long, a button URL that is not http(s), the last admin) rise to the one error
path (errors.py, views/refusals.py).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from src.application.tenancy.tenant_admins import TenantAdminChange
from src.core.audit import telegram_actor
from src.core.broadcasts import Audience, BroadcastMessage, InvalidBroadcast
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.audience import console_router
from src.interfaces.bot.callbacks import Id
from src.interfaces.bot.handlers import (
    console_cards,
    console_payments,
    console_plans,
    console_promos,
    console_receipts,
    console_reports,
    console_texts,
    console_users,
    support_admin,
)
from src.interfaces.bot.i18n import t
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.tenant_console import (
    ConsoleCb,
    TenantAdmin,
    back,
    cb,
    kb,
    menu,
    number,
    show,
)

NOT_COMMAND = ~F.text.startswith("/")


class AudienceCb(CallbackData, prefix="tca"):
    audience: Audience


class BroadcastCb(CallbackData, prefix="bc"):
    action: str  # cancel (the progress message's button: views/notices.py)
    broadcast_id: Id


class Compose(StatesGroup):
    text = State()  # a text, or a photo with its caption
    button = State()  # data: text, photo; "label https://…" or Skip
    audience = State()  # data: + button_text, button_url


class AdminForm(StatesGroup):
    add = State()  # waiting for a Telegram id


def draft(data: dict[str, object]) -> BroadcastMessage:
    """The message being composed, validated again (the data is the FSM's, not a user's
    press, but a step may have been skipped by a forged press)."""

    def opt(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return BroadcastMessage(
        str(data.get("text", "")),
        photo_file_id=opt("photo"),
        button_text=opt("button_text"),
        button_url=opt("button_url"),
    )


def parse_button(text: str) -> tuple[str, str]:
    """`Label words https://example.com`: the last word is the URL."""
    label, _, url = text.strip().rpartition(" ")
    if not label.strip() or not url:
        raise InvalidBroadcast("a button is its label, a space, then its URL")
    return label.strip(), url


def url_markup(message: BroadcastMessage) -> InlineKeyboardMarkup | None:
    if message.button_text is None or message.button_url is None:
        return None
    button = InlineKeyboardButton(text=message.button_text, url=message.button_url)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def admins_screen(lang: str, tenant: Tenant) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[(f"➖ {i}", cb("ad_rm", i))] for i in tenant.admin_ids]
    rows += [[(t(lang, "tconsole.ad_add"), cb("ad_add"))], back(lang)]
    ids = "\n".join(str(i) for i in tenant.admin_ids) or "—"
    return t(lang, "tconsole.ad_title", ids=ids), kb(*rows)


def build_router() -> Router:
    # an admin's refusals: the console's words, the step stays open (audience.py)
    router = console_router(Router(name="tenant-console"), lambda lang: kb(back(lang)))
    router.message.filter(TenantAdmin())
    router.callback_query.filter(TenantAdmin())
    router.include_routers(
        console_receipts.build_router(),
        console_users.build_router(),
        console_plans.build_router(),
        console_cards.build_router(),
        console_reports.build_router(),
        console_payments.build_router(),
        console_promos.build_router(),
        console_texts.build_router(),
    )

    @router.message(Command("admin"))
    async def open_console(
        message: Message, tenant: Tenant, state: FSMContext, payments: PaymentServices
    ) -> None:
        await state.clear()
        lang = tenant.default_language
        await message.answer(t(lang, "tconsole.title", name=tenant.name), reply_markup=menu(lang))
        if message.from_user is not None:  # receipts no admin was shown come with the console
            await payments.waiting_receipts(tenant, message.from_user.id)

    @router.callback_query(ConsoleCb.filter(F.action == "menu"))
    async def back_to_menu(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        lang = tenant.default_language
        await show(query, t(lang, "tconsole.title", name=tenant.name), menu(lang))

    # --- support tickets (the /tickets list of handlers/support_admin.py) -------------

    @router.callback_query(ConsoleCb.filter(F.action == "tk"))
    async def tickets(
        query: CallbackQuery, tenant: Tenant, state: FSMContext, shop: ShopServices
    ) -> None:
        await state.clear()
        lang = tenant.default_language
        text = await support_admin.open_list_text(tenant, query.from_user.id, shop)
        await show(query, text or t(lang, "tconsole.tk_off"), kb(back(lang)))

    # --- admins ------------------------------------------------------------------

    @router.callback_query(ConsoleCb.filter(F.action == "ad"))
    async def admins(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        await show(query, *admins_screen(tenant.default_language, tenant))

    @router.callback_query(ConsoleCb.filter(F.action == "ad_add"))
    async def ask_admin(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        await state.set_state(AdminForm.add)
        await show(query, t(lang, "tconsole.ad_ask"), kb(back(lang, "ad")))

    @router.message(AdminForm.add, F.text, NOT_COMMAND)
    async def got_admin(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        by = message.from_user.id if message.from_user else 0
        change = TenantAdminChange(tenant.id, number(message.text), True, telegram_actor(by), by)
        updated = await tenant_console.admins(change)
        await state.clear()
        text, markup = admins_screen(tenant.default_language, updated)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "ad_rm"))
    async def remove_admin(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        by = query.from_user.id
        change = TenantAdminChange(tenant.id, callback_data.id, False, telegram_actor(by), by)
        updated = await tenant_console.admins(change)
        await show(query, *admins_screen(tenant.default_language, updated))

    # --- broadcast ---------------------------------------------------------------

    @router.callback_query(ConsoleCb.filter(F.action == "bc_new"))
    async def new_broadcast(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        await state.set_state(Compose.text)
        lang = tenant.default_language
        await show(query, t(lang, "tconsole.bc_ask_text"), kb(back(lang)))

    @router.message(Compose.text, F.photo)
    async def got_photo(message: Message, tenant: Tenant, state: FSMContext) -> None:
        photo = message.photo[-1].file_id if message.photo else None
        await _got_message(message, tenant, state, message.caption or "", photo)

    @router.message(Compose.text, F.text, NOT_COMMAND)
    async def got_text(message: Message, tenant: Tenant, state: FSMContext) -> None:
        await _got_message(message, tenant, state, message.text or "", None)

    async def _got_message(
        message: Message, tenant: Tenant, state: FSMContext, text: str, photo: str | None
    ) -> None:
        BroadcastMessage(text, photo_file_id=photo)  # too long, empty, NUL: refused here
        await state.update_data(text=text, photo=photo)
        await state.set_state(Compose.button)
        lang = tenant.default_language
        markup = kb([(t(lang, "tconsole.bc_no_button"), cb("bc_skip"))], back(lang))
        await message.answer(t(lang, "tconsole.bc_ask_button"), reply_markup=markup)

    @router.message(Compose.button, F.text, NOT_COMMAND)
    async def got_button(message: Message, tenant: Tenant, state: FSMContext) -> None:
        label, url = parse_button(message.text or "")
        data = await state.get_data()
        draft({**data, "button_text": label, "button_url": url})  # http(s) URL: checked here
        await state.update_data(button_text=label, button_url=url)
        await _ask_audience(message, tenant, state)

    @router.callback_query(Compose.button, ConsoleCb.filter(F.action == "bc_skip"))
    async def skip_button(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await _ask_audience(query.message, tenant, state)

    async def _ask_audience(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        await state.set_state(Compose.audience)
        rows = [
            [(t(lang, f"tconsole.aud_{a.value}"), AudienceCb(audience=a).pack())] for a in Audience
        ]
        await message.answer(t(lang, "tconsole.bc_ask_audience"), reply_markup=kb(*rows))

    @router.callback_query(Compose.audience, AudienceCb.filter())
    async def preview(
        query: CallbackQuery,
        callback_data: AudienceCb,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        message = draft(await state.get_data())
        n = await tenant_console.count_audience()(tenant.id, callback_data.audience)
        await state.update_data(audience=callback_data.audience.value)
        await query.answer()
        if not isinstance(query.message, Message):
            return
        # the message exactly as the users will get it: photo, caption, URL button
        if message.photo_file_id is not None:
            await query.message.answer_photo(
                message.photo_file_id, caption=message.text, reply_markup=url_markup(message)
            )
        else:
            await query.message.answer(message.text, reply_markup=url_markup(message))
        audience = t(lang, f"tconsole.aud_{callback_data.audience.value}")
        await query.message.answer(
            t(lang, "tconsole.bc_preview", count=n, audience=audience),
            reply_markup=kb(
                [
                    (t(lang, "tconsole.bc_confirm"), cb("bc_go")),
                    (t(lang, "tconsole.back"), cb("menu")),
                ]
            ),
        )

    @router.callback_query(Compose.audience, ConsoleCb.filter(F.action == "bc_go"))
    async def confirm(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        data = await state.get_data()
        await state.clear()  # one broadcast per confirmation: a second press finds no draft
        if "audience" not in data:  # a forged press before the audience was chosen
            raise InvalidBroadcast("no audience chosen")
        broadcast = await tenant_console.start_broadcast().to_audience(
            tenant.id,
            Audience(str(data["audience"])),
            draft(data),
            by=query.from_user.id,
            language=tenant.default_language,
        )
        lang = tenant.default_language
        await query.answer(t(lang, "tconsole.bc_started", total=broadcast.total))

    @router.callback_query(BroadcastCb.filter(F.action == "cancel"))
    async def cancel_broadcast(
        query: CallbackQuery,
        callback_data: BroadcastCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        await tenant_console.cancel_broadcast()(
            tenant.id, callback_data.broadcast_id, by=query.from_user.id
        )
        await query.answer(t(tenant.default_language, "broadcast.cancelled"))

    return router
