"""Ports of the notices (docs/decisions/0007-notices.md): who words them, who sends them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from src.application.notices import Notice, UserNotice
from src.application.ports.messaging import Button

TEXT_MAX = 4096  # Telegram's limit of a message's text
CAPTION_MAX = 1024  # and of a caption


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


class NoticeRenderer(Protocol):
    """Words a notice in its language, with its buttons. Implemented by the bot's
    views and plugged into the container by the interfaces (the composition root)."""

    def render(self, notice: Notice, *, limit: int = TEXT_MAX) -> Rendered:
        """The notice's text fits `limit` characters as Telegram counts them (a message
        4,096, a caption 1,024): a longer one is clipped by the renderer, which knows its
        markup, never cut by the caller."""
        ...


class UserNotifier(Protocol):
    """Tells a chat a notice through the tenant's bot, outside an update (jobs, late
    confirmations). Best effort: False when not delivered."""

    async def notify(self, notice: UserNotice) -> bool: ...
