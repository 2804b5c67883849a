from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from src.application.ports.card_payments import DeskMessage
from src.application.ports.messaging import Button
from src.core.ids import TenantId


@dataclass
class Posted:
    tenant_id: TenantId
    where: DeskMessage
    thread_id: int | None
    text: str
    photo_file_id: str | None
    buttons: Sequence[Sequence[Button]]
    closed: bool = False


class InMemoryReceiptDesk:
    """Records the receipts posted to admin chats and how they were closed;
    `unreachable` chats refuse like Telegram's 403."""

    def __init__(self) -> None:
        self.posted: list[Posted] = []
        self.unreachable: set[int] = set()
        self._ids = itertools.count(1)

    async def post(
        self,
        tenant_id: TenantId,
        chat_id: int,
        thread_id: int | None,
        text: str,
        photo_file_id: str | None,
        buttons: Sequence[Sequence[Button]],
    ) -> DeskMessage | None:
        if chat_id in self.unreachable:
            return None
        where = DeskMessage(chat_id, next(self._ids))
        self.posted.append(Posted(tenant_id, where, thread_id, text, photo_file_id, buttons))
        return where

    async def close(
        self, tenant_id: TenantId, message: DeskMessage, text: str, *, photo: bool
    ) -> bool:
        for posted in self.posted:
            if posted.tenant_id == tenant_id and posted.where == message:
                posted.text, posted.buttons, posted.closed = text, (), True
                return True
        return False
