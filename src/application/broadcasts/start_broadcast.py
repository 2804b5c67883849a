"""Create broadcasts: to a tenant's audience (its console), or to any (bot, chat) pairs
(the master console). Each is recorded in the audit trail in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence

from src.application.broadcasts.ports import BroadcastStore, DeliveryNudge
from src.application.ports.clock import Clock
from src.core.audit import AuditRecord, telegram_actor
from src.core.broadcasts import (
    Audience,
    Broadcast,
    BroadcastMessage,
    ProgressTarget,
    Recipient,
)
from src.core.errors import NotFound
from src.core.ids import TenantId


class BroadcastNotFound(NotFound):
    code = "broadcast_not_found"


def _audit(owner: TenantId | None, by: int, action: str, target: str, after: str) -> AuditRecord:
    return AuditRecord(owner, telegram_actor(by), action, target, after=after)


class CountAudience:
    def __init__(self, store: BroadcastStore, clock: Clock) -> None:
        self._store, self._clock = store, clock

    async def __call__(self, tenant_id: TenantId, audience: Audience) -> int:
        return len(await self._store.audience(tenant_id, audience, self._clock.now()))


class StartBroadcast:
    def __init__(
        self, store: BroadcastStore, clock: Clock, nudge: DeliveryNudge | None = None
    ) -> None:
        self._store, self._clock, self._nudge = store, clock, nudge

    async def to_audience(
        self,
        tenant_id: TenantId,
        audience: Audience,
        message: BroadcastMessage,
        *,
        by: int,
        language: str,
    ) -> Broadcast:
        """A tenant admin's broadcast; progress is shown to that admin in the tenant's bot."""
        chats = await self._store.audience(tenant_id, audience, self._clock.now())
        recipients = [Recipient(tenant_id, chat) for chat in chats]
        progress = ProgressTarget(Recipient(tenant_id, by), language)
        return await self.to_recipients(
            tenant_id, recipients, message, by=by, progress=progress, what=audience.value
        )

    async def to_recipients(
        self,
        owner: TenantId | None,
        recipients: Sequence[Recipient],
        message: BroadcastMessage,
        *,
        by: int,
        progress: ProgressTarget | None,
        what: str = "recipients",
    ) -> Broadcast:
        """Any (bot, chat) pairs, each chat once per bot (the master console's entry)."""
        unique = list(dict.fromkeys(recipients))
        audit = _audit(owner, by, "broadcast.start", "broadcast", f"{what}: {len(unique)}")
        created = await self._store.create(owner, message, unique, progress, audit)
        if self._nudge is not None:
            self._nudge.wake()
        return created


class CancelBroadcast:
    def __init__(self, store: BroadcastStore, nudge: DeliveryNudge | None = None) -> None:
        self._store, self._nudge = store, nudge

    async def __call__(self, owner: TenantId | None, broadcast_id: int, *, by: int) -> Broadcast:
        audit = _audit(owner, by, "broadcast.cancel", f"broadcast:{broadcast_id}", "cancelled")
        cancelled = await self._store.cancel(owner, broadcast_id, audit)
        if cancelled is None:
            raise BroadcastNotFound("no such broadcast")
        if self._nudge is not None:
            self._nudge.wake()
        return cancelled
