"""Broadcasts: one message delivered to many chats, each through a given bot (docs/broadcasts.md).

Pure values and rules; the delivery engine is in src/application/broadcasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from src.core.errors import ValidationError
from src.core.ids import TenantId

RATE_PER_BOT = 25
"""Messages per second one bot may send in a broadcast (Telegram allows about 30)."""
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_BUTTON_TEXT = 64
MAX_URL = 512


class Audience(StrEnum):
    ALL = "all"
    ACTIVE = "active"  # a subscription that has not expired
    EXPIRED = "expired"  # subscriptions, none active
    NEVER_BOUGHT = "never"  # no paid subscription ever


class BroadcastStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"


class RecipientState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # handed to a sender; never handed out again
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot; skipped by later broadcasts
    FAILED = "failed"
    IN_DOUBT = "in_doubt"  # claimed by a worker that died: maybe sent, never sent again


class InvalidBroadcast(ValidationError):
    code = "invalid_broadcast"


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host, no whitespace or control characters, at most
    MAX_URL characters (Telegram refuses other schemes' buttons, and we refuse
    `javascript:`, `tg:` and the like outright)."""
    if not 0 < len(url) <= MAX_URL or any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in url):
        return False
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0  # a malformed port raises
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port_ok


@dataclass(frozen=True, slots=True)
class BroadcastMessage:
    text: str
    photo_file_id: str | None = None
    button_text: str | None = None
    button_url: str | None = None

    def __post_init__(self) -> None:
        limit = MAX_CAPTION if self.photo_file_id else MAX_TEXT
        if not self.text.strip() or len(self.text) > limit:
            raise InvalidBroadcast(f"the text must have 1 to {limit} characters")
        if any("\x00" in (v or "") for v in (self.text, self.button_text, self.button_url)):
            raise InvalidBroadcast("NUL is not allowed")
        if (self.button_text is None) != (self.button_url is None):
            raise InvalidBroadcast("a button needs both a label and a URL")
        if self.button_text is not None and not 0 < len(self.button_text) <= MAX_BUTTON_TEXT:
            raise InvalidBroadcast(f"a button label has 1 to {MAX_BUTTON_TEXT} characters")
        if self.button_url is not None and not is_web_url(self.button_url):
            raise InvalidBroadcast("a button URL is an http(s) URL of at most 512 characters")


@dataclass(frozen=True, slots=True)
class Recipient:
    """A chat reached through the bot of `tenant_id`."""

    tenant_id: TenantId
    chat_id: int


@dataclass(frozen=True, slots=True)
class ClaimedRecipient:
    seq: int
    recipient: Recipient


@dataclass(frozen=True, slots=True)
class ProgressTarget:
    """Where the one progress message lives (edited as delivery goes)."""

    recipient: Recipient
    language: str
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    owner: TenantId | None  # None: a platform (master console) broadcast
    message: BroadcastMessage
    status: BroadcastStatus
    total: int
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    progress: ProgressTarget | None = None

    @property
    def handled(self) -> int:
        return self.sent + self.blocked + self.failed

    @property
    def running(self) -> bool:
        return self.status is BroadcastStatus.RUNNING
