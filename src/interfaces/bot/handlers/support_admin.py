"""Support tickets, the admins' side (docs/support.md): an admin's reply reaches the user;
/tickets lists the open tickets; an admin's /start brings ticket messages no admin
could be shown yet.

Which ticket a message is about: its forum topic, else the ticket message it replies
to, among this tenant's tickets only. A message about no ticket, or from someone who
is not an admin of this tenant, is left to the other handlers untouched. Kept in its
own module; the tenant console's Support tickets button shows the same list
(`open_list_text`).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from src.application.shop.errors import FeatureDisabled
from src.application.support.tickets import FLAG, AnswerInput
from src.core.support.ticket import TicketContent
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.handlers.topup import NOT_COMMAND
from src.interfaces.bot.i18n import t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views import support as views

LIST_MAX = 30


def build_router() -> Router:
    router = Router(name="support_admin")
    router.message.register(waiting_tickets, CommandStart())
    router.message.register(open_tickets, Command("tickets"))
    router.message.register(
        answer, F.reply_to_message | F.is_topic_message, NOT_COMMAND, F.from_user
    )
    return router


async def waiting_tickets(message: Message, tenant: Tenant, shop: ShopServices) -> None:
    """Ticket messages that wait for an admin are posted again; then /start goes on."""
    user = message.from_user
    admin = user is not None and tenant.is_admin(user.id)
    if admin and user is not None and await shop.features.is_enabled(tenant.id, FLAG):
        await shop.support.waiting(tenant, user.id)
    raise SkipHandler


async def open_list_text(tenant: Tenant, caller: int, shop: ShopServices) -> str | None:
    """The open tickets as /tickets and the tenant console show them; None: the flag is off."""
    if not await shop.features.is_enabled(tenant.id, FLAG):
        return None
    found = await shop.support.open_tickets(tenant, caller, limit=LIST_MAX)
    return views.open_list(tenant.default_language, found.items, found.total)


async def open_tickets(message: Message, tenant: Tenant, shop: ShopServices) -> None:
    caller = message.from_user.id if message.from_user else 0
    text = await open_list_text(tenant, caller, shop)
    if text is None:
        raise FeatureDisabled("support tickets are off")  # the one error path words it
    await message.answer(text)


async def answer(message: Message, tenant: Tenant, shop: ShopServices) -> None:
    if message.from_user is None or not tenant.is_admin(message.from_user.id):
        raise SkipHandler  # not an admin: nothing of theirs is an answer
    photo = message.photo[-1].file_id if message.photo else None
    reply = message.reply_to_message
    done = await shop.support.answer(
        AnswerInput(
            tenant,
            message.from_user.id,
            message.chat.id,
            message.message_thread_id if message.is_topic_message else None,
            reply.message_id if reply is not None else None,
            TicketContent(message.caption if photo else message.text, photo),
        )
    )
    if done is None:
        raise SkipHandler  # about no ticket: the other handlers may want it
    key = "support.admin_sent" if done.reached_user else "support.admin_not_reached"
    await message.reply(t(tenant.default_language, key, id=done.ticket.id))
