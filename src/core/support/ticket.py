"""Support tickets (docs/support.md): a user's question to the tenant's admins and the
answers, with the rules that need no I/O.

Rules:
- statuses: open (waiting for the admins) -> answered (an admin replied) -> closed;
  a user's new message on an answered ticket makes it open again; a closed ticket
  takes nothing more;
- a ticket not closed counts as open for the limit of open tickets per user
  (`max_open_per_user` of the flag's config, 3 by default);
- a message is text (at most 4,096 characters) and/or one photo; control characters
  (NUL included) are dropped, an empty message is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from src.core.errors import Conflict, Forbidden, NotFound, ValidationError
from src.core.ids import ShopUserId
from src.core.text import has_forbidden_chars

MAX_TEXT = 4096
ALBUM_MAX = 64


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Author(StrEnum):
    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    user_id: ShopUserId
    telegram_id: int  # the user's chat with the bot
    status: TicketStatus
    created_at: datetime
    updated_at: datetime
    admin_chat_id: int | None = None  # where the ticket landed first (None: not yet)
    admin_thread_id: int | None = None  # its forum topic
    admin_message_id: int | None = None  # its first message there

    @property
    def is_open(self) -> bool:
        return self.status is not TicketStatus.CLOSED

    @property
    def placed(self) -> bool:
        return self.admin_chat_id is not None


@dataclass(frozen=True, slots=True)
class TicketMessage:
    id: int
    ticket_id: int
    author: Author
    text: str | None
    photo_file_id: str | None
    album: str | None
    delivered: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TicketContent:
    """What one Telegram message adds to a ticket."""

    text: str | None
    photo_file_id: str | None = None
    album: str | None = None  # the media_group_id of the album it belongs to

    def checked(self) -> TicketContent:
        text = self.text
        if text is not None:
            text = "".join(c for c in text if c in "\n\t" or not has_forbidden_chars(c)).strip()
            if len(text) > MAX_TEXT:
                raise TicketTooLong(MAX_TEXT)
        text = text or None
        photo = (self.photo_file_id or "").strip()[:256] or None
        if text is None and photo is None:
            raise TicketEmpty("a ticket message needs text or a photo")
        album = (self.album or "")[:ALBUM_MAX] or None
        return TicketContent(text, photo, album)


class TooManyOpenTickets(Conflict):
    code = "too_many_open_tickets"

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} open tickets per user")
        self.limit = limit


class TicketTooLong(ValidationError):
    code = "ticket_too_long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"a ticket message has at most {limit} characters", field="text")
        self.limit = limit


class TicketEmpty(ValidationError):
    code = "ticket_empty"


class TicketNotFound(NotFound):
    """No such ticket of this user (another user's and another tenant's included)."""

    code = "ticket_not_found"


class TicketClosed(Conflict):
    code = "ticket_closed"


class NotSupportAdmin(Forbidden):
    """Only the tenant's admins answer tickets and list them."""

    code = "not_support_admin"
