"""What the tenant console's screens share (docs/tenant-console.md): the callback data,
the admin filter every console router sits behind, keyboards and a pager."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import Field

from src.core.errors import ValidationError
from src.core.ids import MAX_ID
from src.core.money import Money
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import Moment, escape, t
from src.interfaces.bot.i18n import show as shown

PAGE = 5


class NotANumber(ValidationError):
    """An admin typed something else than a whole number (refusals.py words it)."""

    code = "console_not_a_number"


Page = Annotated[int, Field(ge=0, le=10_000)]
OptionalId = Annotated[int, Field(ge=0, le=MAX_ID)]


class ConsoleCb(CallbackData, prefix="tc"):
    """A console press: the screen's action and, where it needs one, an object id and
    a page. Never trusted for rights: the tenant is the bot that received the press."""

    action: str
    id: OptionalId = 0
    page: Page = 0


class TenantAdmin(Filter):
    """The presser (or sender) is an admin of the bot that received the update."""

    async def __call__(self, event: Message | CallbackQuery, **data: Any) -> bool:
        tenant = data.get("tenant")
        user = event.from_user
        return isinstance(tenant, Tenant) and user is not None and tenant.is_admin(user.id)


def cb(action: str, id: int = 0, page: int = 0) -> str:
    return ConsoleCb(action=action, id=id, page=page).pack()


def kb(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in rows
            if row
        ]
    )


def back(lang: str, action: str = "menu", id: int = 0) -> list[tuple[str, str]]:
    return [(t(lang, "tconsole.back"), cb(action, id))]


def pager(lang: str, action: str, page: int, total: int) -> list[tuple[str, str]]:
    """Previous / next buttons of a list screen, only those that lead somewhere."""
    row = []
    if page > 0:
        row.append((t(lang, "tconsole.prev"), cb(action, page=page - 1)))
    if (page + 1) * PAGE < total:
        row.append((t(lang, "tconsole.next"), cb(action, page=page + 1)))
    return row


def menu(lang: str) -> InlineKeyboardMarkup:
    return kb(
        [(t(lang, "tconsole.receipts"), cb("rc")), (t(lang, "tconsole.users"), cb("us"))],
        [(t(lang, "tconsole.plans"), cb("pl")), (t(lang, "tconsole.cards"), cb("cd"))],
        [(t(lang, "tconsole.stats"), cb("st")), (t(lang, "tconsole.wallet"), cb("wl"))],
        [(t(lang, "tconsole.broadcast"), cb("bc_new")), (t(lang, "tconsole.admins"), cb("ad"))],
        [(t(lang, "tconsole.online_payments"), cb("op")), (t(lang, "tconsole.promos"), cb("pr"))],
        [(t(lang, "tconsole.tickets"), cb("tk")), (t(lang, "tconsole.texts"), cb("tx"))],
    )


def ledger_line(lang: str, at: datetime, amount: int, currency: str, reference: str) -> str:
    """One balance change of a list (a user's card, the wallet's charges) as Telegram
    HTML: the moment and amount as the language writes them, the reference (an admin's
    typed reason, a promo code) escaped."""
    return f"{shown(lang, Moment(at))} {shown(lang, Money(amount, currency))} {escape(reference)}"


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Answer the press and send the next screen under the pressed message."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)


def number(text: str | None) -> int:
    """A whole number the admin typed (spaces and thousands commas allowed), >= 0."""
    raw = (text or "").strip().replace(" ", "").replace(",", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 13:
        raise NotANumber("not a whole number")
    return int(raw)
