"""Ports of the broadcast engine: durable progress, the delivery lease, the sender."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.application.ports.messaging import Button
from src.core.audit import AuditRecord
from src.core.broadcasts import (
    Audience,
    Broadcast,
    BroadcastMessage,
    ClaimedRecipient,
    ProgressTarget,
    Recipient,
    RecipientState,
)
from src.core.ids import TenantId


class BroadcastStore(Protocol):
    """Broadcasts and their recipients in the database. `owner` scopes reads and
    cancels to one tenant (None: the platform's own broadcasts)."""

    async def audience(self, tenant_id: TenantId, audience: Audience, now: datetime) -> list[int]:
        """Telegram ids of the tenant's users in `audience`, without those known to
        have blocked the bot."""
        ...

    async def create(
        self,
        owner: TenantId | None,
        message: BroadcastMessage,
        recipients: Sequence[Recipient],
        progress: ProgressTarget | None,
        audit: AuditRecord,
    ) -> Broadcast:
        """Store it with all its recipients and its audit row, in one transaction."""
        ...

    async def get(self, owner: TenantId | None, broadcast_id: int) -> Broadcast | None: ...

    async def cancel(
        self, owner: TenantId | None, broadcast_id: int, audit: AuditRecord
    ) -> Broadcast | None:
        """Stop a running broadcast; the recipients not yet claimed are never messaged."""
        ...

    # --- the delivering worker (platform-wide) ---

    async def running(self) -> list[Broadcast]: ...

    async def recover(self) -> int:
        """After taking the lease: rows a dead worker claimed become IN_DOUBT (never resent)."""
        ...

    async def claim(self, broadcast_id: int, limit: int) -> list[ClaimedRecipient]:
        """The next pending recipients, oldest first, marked CLAIMED in one commit."""
        ...

    async def record(
        self,
        broadcast_id: int,
        outcomes: Sequence[tuple[ClaimedRecipient, RecipientState]],
        unattempted: Sequence[int],
    ) -> Broadcast:
        """Store outcomes (BLOCKED chats are remembered per bot), give `unattempted`
        seqs back, and finish the broadcast once nothing is pending."""
        ...

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None: ...


class DeliveryLease(Protocol):
    """Only the holder delivers; held until released or the holder's process dies."""

    async def acquire(self) -> bool: ...

    async def release(self) -> None: ...


class DeliveryNudge(Protocol):
    def wake(self) -> None:
        """Something changed: look now rather than at the next poll."""
        ...


@dataclass(frozen=True, slots=True)
class RetryAfter:
    seconds: float


SendResult = RecipientState | RetryAfter


class BroadcastSender(Protocol):
    async def send(self, recipient: Recipient, message: BroadcastMessage) -> SendResult:
        """SENT, BLOCKED (403), FAILED, or RetryAfter (429 or the bot is not running)."""
        ...

    async def show_progress(
        self, target: ProgressTarget, text: str, buttons: tuple[tuple[Button, ...], ...]
    ) -> int | None:
        """Send or edit the progress message (with its buttons: cancel while it runs).
        Returns the message id, None when it could not be shown."""
        ...
