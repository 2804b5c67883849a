"""Shop-independent commands: /help, and /whoami for the bot's admins.

(/start belongs to the shop: it registers the user and shows the menu.)"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import t
from src.interfaces.bot.services import ShopServices


def build_router() -> Router:
    """A fresh router per Dispatcher (a router can belong to one parent only)."""
    router = Router(name="basic")
    router.message.register(help_, Command("help"))
    router.message.register(whoami, Command("whoami"))
    router.callback_query.register(stale_button)  # last router: whatever no one took
    return router


async def help_(message: Message, tenant: Tenant) -> None:
    await message.answer(t(tenant.default_language, "help.text"))


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
