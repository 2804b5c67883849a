"""Ports of the notices (docs/decisions/0007-notices.md): who words them, who sends them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from src.application.notices import Notice, UserNotice
from src.application.ports.messaging import Button


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


class NoticeRenderer(Protocol):
    """Words a notice in its language, with its buttons. Implemented by the bot's
    views and plugged into the container by the interfaces (the composition root)."""

    def render(self, notice: Notice) -> Rendered: ...


class UserNotifier(Protocol):
    """Tells a chat a notice through the tenant's bot, outside an update (jobs, late
    confirmations). Best effort: False when not delivered."""

    async def notify(self, notice: UserNotice) -> bool: ...
