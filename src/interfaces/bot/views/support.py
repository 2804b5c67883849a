"""How support tickets look in Telegram (docs/support.md): the user's screens, the
admins' texts and the open-ticket list."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.support.tickets import TicketView
from src.core.shop.user import ShopUser
from src.core.support.ticket import Author, Ticket, TicketStatus
from src.interfaces.bot.callbacks import MenuCb, SupportCb
from src.interfaces.bot.i18n import t

PREVIEW = 300  # characters of each message shown on the ticket screen
SHOWN_MESSAGES = 10


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def status(lang: str, value: TicketStatus) -> str:
    return t(lang, f"support.status_{value.value}")


def screen(
    lang: str, tickets: Sequence[Ticket], contact: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    """The Support screen: the user's tickets and a New ticket button."""
    parts = [t(lang, "support.screen")]
    if contact:
        parts.append(t(lang, "support.contact", contact=contact))
    parts.append(t(lang, "support.tickets_title") if tickets else t(lang, "support.no_tickets"))
    rows = [[_button(t(lang, "support.new"), SupportCb(action="new").pack())]]
    rows += [
        [
            _button(
                t(lang, "support.ticket_button", id=x.id, status=status(lang, x.status)),
                SupportCb(action="view", ticket_id=x.id).pack(),
            )
        ]
        for x in tickets
    ]
    rows.append([_button(t(lang, "menu.back"), MenuCb(action="home").pack())])
    return "\n\n".join(parts), InlineKeyboardMarkup(inline_keyboard=rows)


def _line(lang: str, author: Author, text: str | None, photo: bool) -> str:
    body = (text or "")[:PREVIEW] + ("…" if text and len(text) > PREVIEW else "")
    if photo:
        body = f"{t(lang, 'support.photo')} {body}".strip()
    key = "support.from_user" if author is Author.USER else "support.from_admin"
    return t(lang, key, text=body)


def ticket(lang: str, view: TicketView) -> tuple[str, InlineKeyboardMarkup]:
    """One ticket: its status, its last messages, Add / Close while it is not closed."""
    shown = view.messages[-SHOWN_MESSAGES:]
    lines = "\n\n".join(_line(lang, m.author, m.text, m.photo_file_id is not None) for m in shown)
    x = view.ticket
    text = t(lang, "support.ticket", id=x.id, status=status(lang, x.status), messages=lines)
    rows: list[list[InlineKeyboardButton]] = []
    if x.is_open:
        rows.append(
            [_button(t(lang, "support.add"), SupportCb(action="add", ticket_id=x.id).pack())]
        )
        rows.append(
            [_button(t(lang, "support.close"), SupportCb(action="close", ticket_id=x.id).pack())]
        )
    rows.append([_button(t(lang, "support.list"), SupportCb(action="list").pack())])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def written(
    lang: str, ticket_id: int, *, created: bool, delivered: bool
) -> tuple[str, InlineKeyboardMarkup]:
    if created:
        key = "support.saved" if delivered else "support.saved_waiting"
    else:
        key = "support.added" if delivered else "support.added_waiting"
    rows = [
        [_button(t(lang, "support.done"), SupportCb(action="view", ticket_id=ticket_id).pack())]
    ]
    return t(lang, key, id=ticket_id), InlineKeyboardMarkup(inline_keyboard=rows)


def admin_text(
    lang: str, ticket_id: int, user: ShopUser | None, text: str | None, *, first: bool
) -> str:
    name = "—"
    user_id: object = "?"
    if user is not None:
        name = user.first_name or (f"@{user.username}" if user.username else str(user.telegram_id))
        if user.username and user.first_name:
            name = f"{user.first_name} (@{user.username})"
        user_id = user.telegram_id
    body = text or t(lang, "support.photo")
    if first:
        return t(lang, "support.admin_new", id=ticket_id, name=name, user_id=user_id, text=body)
    return t(lang, "support.admin_more", id=ticket_id, name=name, text=body)


def open_list(lang: str, items: Sequence[Ticket], total: int) -> str:
    if not items:
        return t(lang, "support.admin_list_empty")
    rows = [
        t(
            lang,
            "support.admin_list_row",
            id=x.id,
            status=status(lang, x.status),
            user_id=x.telegram_id,
            date=x.created_at.strftime("%Y-%m-%d %H:%M"),
        )
        for x in items
    ]
    text = "\n".join([t(lang, "support.admin_list_title", total=total), "", *rows])
    if total > len(items):
        text += "\n" + t(lang, "support.admin_list_more", count=total - len(items))
    return text
