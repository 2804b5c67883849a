"""Shop-independent commands: /help, and /whoami for the bot's admins.

(/start belongs to the shop: it registers the user and shows the menu.)"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from src.application.i18n import t
from src.core.tenancy.tenant import Tenant


def build_router() -> Router:
    """A fresh router per Dispatcher (a router can belong to one parent only)."""
    router = Router(name="basic")
    router.message.register(help_, Command("help"))
    router.message.register(whoami, Command("whoami"))
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
