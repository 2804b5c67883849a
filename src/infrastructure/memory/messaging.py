from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from src.application.ports.messaging import Button
from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class Sent:
    tenant_id: TenantId
    chat_id: int
    text: str
    buttons: Sequence[Sequence[Button]]


class InMemoryUserMessenger:
    """Records what would have been sent; `blocked` chats refuse like Telegram's 403."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.blocked: set[int] = set()

    async def send(
        self,
        tenant_id: TenantId,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        thread_id: int | None = None,
    ) -> bool:
        if chat_id in self.blocked:
            return False
        self.sent.append(Sent(tenant_id, chat_id, text, buttons))
        return True

    def to(self, chat_id: int) -> list[str]:
        return [s.text for s in self.sent if s.chat_id == chat_id]
