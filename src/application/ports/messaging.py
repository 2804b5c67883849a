from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


class UserMessenger(Protocol):
    """The transport of text from a tenant's bot to a chat, outside an update. Use
    cases do not word texts: they emit notices through `UserNotifier`
    (ports/notices.py), which renders them and sends through this. Best effort:
    returns False when not delivered."""

    async def send(
        self,
        tenant_id: TenantId,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        thread_id: int | None = None,
    ) -> bool: ...
