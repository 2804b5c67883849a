"""Shop-independent commands: /help, /whoami for the bot's admins, and the answers to
what no other handler took.

(/start belongs to the shop: it registers the user and shows the menu.)

The fallback (docs/shop.md#first-contact): a message in a private chat, outside any
conversation (no FSM state), that no handler took, gets a short help with the menu
button instead of silence: text, a photo, a sticker, each message of a batch, an
album once (its items arrive one by one, in order per chat). Not a
command (`/x`): commands belong to their handlers, some of which stay silent on
purpose (the master console's `/admin` to a stranger); not a group (an admin chat,
where admins talk and reply to receipts and tickets).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from src.application.shop.errors import UserNotRegistered
from src.core.shop.subscription import trial_offered
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views import shop as views

ALBUM_KEY = "help_album"  # FSM data (no state): the album whose first item got the help


def build_router() -> Router:
    """A fresh router per Dispatcher (a router can belong to one parent only)."""
    router = Router(name="basic")
    router.message.register(help_, Command("help"))
    router.message.register(whoami, Command("whoami"))
    router.message.register(
        fallback, StateFilter(None), F.chat.type == ChatType.PRIVATE, ~F.text.startswith("/")
    )
    router.callback_query.register(stale_button)  # last router: whatever no one took
    return router


async def help_(message: Message, tenant: Tenant, shop: ShopServices) -> None:
    """What this user can do in this tenant (its flags), in the user's language."""
    user_id = message.from_user.id if message.from_user else 0
    lang = await shop.language(tenant, user_id)
    features = await shop.features(tenant.id)
    # the trial line follows the menu's rule; a user who never sent /start is offered it
    try:
        view = await shop.customer(tenant.id, user_id, live=False)
        trial = trial_offered(view.user, view.subscription)
    except UserNotRegistered:  # not a refusal: /help answers before /start too
        trial = True
    await message.answer(
        views.help_text(lang, features, trial=trial), reply_markup=views.help_menu(lang)
    )


async def fallback(message: Message, tenant: Tenant, shop: ShopServices, state: FSMContext) -> None:
    user_id = message.from_user.id if message.from_user else 0
    if message.media_group_id is not None:  # an album arrives as one update per item
        if (await state.get_data()).get(ALBUM_KEY) == message.media_group_id:
            return  # its first item was answered
        await state.update_data({ALBUM_KEY: message.media_group_id})
    lang = await shop.language(tenant, user_id)
    await message.answer(t(lang, "help.fallback"), reply_markup=views.help_menu(lang))


async def whoami(message: Message, tenant: Tenant) -> None:
    user_id = message.from_user.id if message.from_user else 0
    if not tenant.is_admin(user_id):
        await message.answer(t(tenant.default_language, "common.not_allowed"))
        return
    await message.answer(
        t(
            tenant.default_language,
            "whoami.text",
            tenant_id=tenant.id,
            name=tenant.name,
            status=tenant.status.value,
            user_id=user_id,
        )
    )


async def stale_button(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    """A press no handler took: a button of an older version of the bot, or forged
    data (an id past int64, garbage). Answered politely, so the client stops spinning."""
    lang = await shop.language(tenant, query.from_user.id)
    await query.answer(t(lang, "common.stale_button"), show_alert=True)
