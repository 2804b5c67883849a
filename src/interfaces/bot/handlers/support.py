"""Support tickets, the user's side (docs/support.md): Menu -> Support -> the user's
tickets and New ticket; writing: the next messages (text, photos, an album) go to the
ticket until a command or another menu button.

Every handler checks the flag first, so a button pressed after the flag went off
gets the feature-off refusal; ticket ids from buttons are looked up among the
presser's own tickets (anyone else's is not found). Refusals rise to the one error
path (src/interfaces/bot/errors.py), which also ends the writing flow.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.shop.errors import FeatureDisabled
from src.application.support.tickets import FLAG, WriteInput
from src.core.support.ticket import TicketContent
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.callbacks import MenuCb, SupportCb
from src.interfaces.bot.editing import edit_text
from src.interfaces.bot.handlers.topup import NOT_COMMAND, leave_flow
from src.interfaces.bot.i18n import t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views import shop as shop_views
from src.interfaces.bot.views import support as views


class SupportStates(StatesGroup):
    writing = State()  # data: ticket_id (0: the next message opens a ticket)


def build_router() -> Router:
    router = Router(name="support")
    router.message.register(leave_flow, StateFilter(SupportStates), F.text.startswith("/"))
    router.callback_query.register(leave_flow, StateFilter(SupportStates), MenuCb.filter())
    router.callback_query.register(screen, MenuCb.filter(F.action == "support"))
    router.callback_query.register(screen, SupportCb.filter(F.action == "list"))
    router.callback_query.register(new, SupportCb.filter(F.action == "new"))
    router.callback_query.register(view, SupportCb.filter(F.action == "view"))
    router.callback_query.register(add, SupportCb.filter(F.action == "add"))
    router.callback_query.register(close, SupportCb.filter(F.action == "close"))
    router.message.register(write, SupportStates.writing, NOT_COMMAND)
    return router


async def _on(tenant: Tenant, shop: ShopServices) -> None:
    if not await shop.features.is_enabled(tenant.id, FLAG):
        raise FeatureDisabled("support tickets are off")  # the one error path words it


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    if isinstance(query.message, Message) and query.message.text is not None:
        await edit_text(query.message, text, markup)
    elif query.message is not None and query.bot is not None:
        await query.bot.send_message(query.message.chat.id, text, reply_markup=markup)
    await query.answer()


async def screen(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    await _on(tenant, shop)
    await state.clear()
    lang = await shop.language(tenant, query.from_user.id)
    tickets = await shop.support.mine(tenant, query.from_user.id)
    custom = (await shop.config(tenant.id))["support_text"]
    contact = custom or (f"@{tenant.support_username}" if tenant.support_username else None)
    await _show(query, *views.screen(lang, tickets, contact))


async def new(query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext) -> None:
    await _on(tenant, shop)
    lang = await shop.language(tenant, query.from_user.id)
    await state.set_state(SupportStates.writing)
    await state.set_data({"ticket_id": 0})
    await _show(query, t(lang, "support.ask"), shop_views.back(lang))


async def view(
    query: CallbackQuery,
    callback_data: SupportCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    await _on(tenant, shop)
    await state.clear()
    lang = await shop.language(tenant, query.from_user.id)
    found = await shop.support.show(tenant, query.from_user.id, callback_data.ticket_id)
    await _show(query, *views.ticket(lang, found))


async def add(
    query: CallbackQuery,
    callback_data: SupportCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    await _on(tenant, shop)
    lang = await shop.language(tenant, query.from_user.id)
    found = await shop.support.show(tenant, query.from_user.id, callback_data.ticket_id)
    if not found.ticket.is_open:
        await _show(query, *views.ticket(lang, found))
        return
    await state.set_state(SupportStates.writing)
    await state.set_data({"ticket_id": found.ticket.id})
    await _show(query, t(lang, "support.ask_more", id=found.ticket.id), shop_views.back(lang))


async def close(
    query: CallbackQuery,
    callback_data: SupportCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    await _on(tenant, shop)
    await state.clear()
    lang = await shop.language(tenant, query.from_user.id)
    await shop.support.close(tenant, query.from_user.id, callback_data.ticket_id)
    found = await shop.support.show(tenant, query.from_user.id, callback_data.ticket_id)
    await _show(query, *views.ticket(lang, found))


async def write(message: Message, tenant: Tenant, shop: ShopServices, state: FSMContext) -> None:
    """A message while writing: a new ticket (then the flow stays on it), or one more
    message on the ticket. The other photos of an album get no reply of their own."""
    await _on(tenant, shop)
    if message.from_user is None:
        return
    user_id = message.from_user.id
    lang = await shop.language(tenant, user_id)
    ticket_id = int((await state.get_data()).get("ticket_id") or 0)
    photo = message.photo[-1].file_id if message.photo else None
    content = TicketContent(
        message.caption if photo else message.text, photo, message.media_group_id
    )
    done = await shop.support.write(WriteInput(tenant, user_id, ticket_id or None, content))
    await state.set_data({"ticket_id": done.ticket.id})
    if done.quiet:
        return
    text, markup = views.written(
        lang, done.ticket.id, created=done.created, delivered=done.delivered
    )
    await message.answer(text, reply_markup=markup)
