"""`BroadcastStore` and `DeliveryLease` on PostgreSQL (docs/broadcasts.md).

A tenant's own reads and writes (its audience, its broadcasts) run in a tenant
transaction, so row-level security holds them to that tenant; the delivering worker
works platform-wide. The lease is a session-level advisory lock on a connection kept
open by the holder: it ends when the holder releases it or its process dies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, insert, not_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from src.application.ports.clock import Clock
from src.core.audit import AuditRecord
from src.core.broadcasts import (
    Audience,
    Broadcast,
    BroadcastMessage,
    BroadcastStatus,
    ClaimedRecipient,
    ProgressTarget,
    Recipient,
    RecipientState,
)
from src.core.ids import TenantId
from src.infrastructure.persistence.audit import SqlaAuditLog, SqlaPlatformAuditLog
from src.infrastructure.persistence.broadcast_models import (
    BlockedChatModel as Blocked,
)
from src.infrastructure.persistence.broadcast_models import (
    BroadcastModel as B,
)
from src.infrastructure.persistence.broadcast_models import (
    BroadcastRecipientModel as R,
)
from src.infrastructure.persistence.customer_models import BotUserModel as U
from src.infrastructure.persistence.customer_models import SubscriptionModel as S
from src.infrastructure.persistence.rls import tenant_session_info

LEASE_KEY = 0x466C656574_42  # "Fleet" "B": the advisory lock of broadcast delivery
_INSERT_CHUNK = 5000


def _broadcast(row: B) -> Broadcast:
    progress = None
    if row.progress_bot_id is not None and row.progress_chat_id is not None:
        progress = ProgressTarget(
            Recipient(TenantId(row.progress_bot_id), row.progress_chat_id),
            row.progress_language or "en",
            row.progress_message_id,
        )
    return Broadcast(
        id=row.id,
        owner=TenantId(row.bot_id) if row.bot_id is not None else None,
        message=BroadcastMessage(row.text, row.photo_file_id, row.button_text, row.button_url),
        status=BroadcastStatus(row.status),
        total=row.total,
        sent=row.sent,
        blocked=row.blocked,
        failed=row.failed,
        progress=progress,
    )


class SqlaBroadcastStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions, self._clock = sessions, clock

    def _session(self, owner: TenantId | None) -> AsyncSession:
        if owner is None:
            return self._sessions()
        return self._sessions(info=tenant_session_info(owner))

    async def _audit(
        self, session: AsyncSession, owner: TenantId | None, audit: AuditRecord
    ) -> None:
        log = SqlaPlatformAuditLog(session) if owner is None else SqlaAuditLog(session, owner)
        await log.record(audit, self._clock.now())

    async def audience(self, tenant_id: TenantId, audience: Audience, now: datetime) -> list[int]:
        subs = select(S.id).where(S.bot_id == U.bot_id, S.user_id == U.id)
        active = exists(subs.where(S.expires_at > now))
        conditions: dict[Audience, Any] = {
            Audience.ALL: True,
            Audience.ACTIVE: active,
            Audience.EXPIRED: and_(exists(subs), not_(active)),
            Audience.NEVER_BOUGHT: not_(exists(subs.where(S.is_trial.is_(False)))),
        }
        blocked = exists(
            select(Blocked.chat_id).where(
                Blocked.bot_id == U.bot_id, Blocked.chat_id == U.telegram_id
            )
        )
        query = (
            select(U.telegram_id)
            .where(U.bot_id == tenant_id, conditions[audience], not_(blocked))
            .order_by(U.id)
        )
        async with self._session(tenant_id) as session:
            return list((await session.scalars(query)).all())

    async def create(
        self,
        owner: TenantId | None,
        message: BroadcastMessage,
        recipients: Sequence[Recipient],
        progress: ProgressTarget | None,
        audit: AuditRecord,
    ) -> Broadcast:
        target = progress.recipient if progress else None
        row = B(
            bot_id=owner,
            status=BroadcastStatus.RUNNING.value,
            text=message.text,
            photo_file_id=message.photo_file_id,
            button_text=message.button_text,
            button_url=message.button_url,
            total=len(recipients),
            sent=0,
            blocked=0,
            failed=0,
            progress_bot_id=target.tenant_id if target else None,
            progress_chat_id=target.chat_id if target else None,
            progress_language=progress.language if progress else None,
            progress_message_id=progress.message_id if progress else None,
            finished_at=None if recipients else self._clock.now(),
        )
        if not recipients:
            row.status = BroadcastStatus.DONE.value
        async with self._session(owner) as session:
            session.add(row)
            await session.flush()
            pending = RecipientState.PENDING.value
            values = [
                {
                    "broadcast_id": row.id,
                    "seq": i,
                    "bot_id": r.tenant_id,
                    "chat_id": r.chat_id,
                    "state": pending,
                }
                for i, r in enumerate(recipients)
            ]
            for start in range(0, len(values), _INSERT_CHUNK):
                await session.execute(insert(R), values[start : start + _INSERT_CHUNK])
            await self._audit(session, owner, audit)
            await session.commit()
            return _broadcast(row)

    async def get(self, owner: TenantId | None, broadcast_id: int) -> Broadcast | None:
        async with self._session(owner) as session:
            row = await session.scalar(
                select(B).where(B.id == broadcast_id, B.bot_id.is_not_distinct_from(owner))
            )
            return _broadcast(row) if row is not None else None

    async def cancel(
        self, owner: TenantId | None, broadcast_id: int, audit: AuditRecord
    ) -> Broadcast | None:
        async with self._session(owner) as session:
            row = await session.scalar(
                select(B)
                .where(B.id == broadcast_id, B.bot_id.is_not_distinct_from(owner))
                .with_for_update()
            )
            if row is None:
                return None
            if row.status == BroadcastStatus.RUNNING.value:
                row.status = BroadcastStatus.CANCELLED.value
                row.finished_at = self._clock.now()
                await self._audit(session, owner, audit)
                await session.commit()
            return _broadcast(row)

    # --- the delivering worker -------------------------------------------------------

    async def running(self) -> list[Broadcast]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(B).where(B.status == BroadcastStatus.RUNNING.value).order_by(B.id)
            )
            return [_broadcast(row) for row in rows]

    async def recover(self) -> int:
        async with self._sessions() as session:
            result = await session.execute(
                update(R)
                .where(R.state == RecipientState.CLAIMED.value)
                .values(state=RecipientState.IN_DOUBT.value)
            )
            await session.commit()
            return int(result.rowcount)  # type: ignore[attr-defined]

    async def claim(self, broadcast_id: int, limit: int) -> list[ClaimedRecipient]:
        async with self._sessions() as session:
            next_ones = (
                select(R.seq)
                .where(R.broadcast_id == broadcast_id, R.state == RecipientState.PENDING.value)
                .order_by(R.seq)
                .limit(limit)
                .with_for_update(skip_locked=True)
                .scalar_subquery()
            )
            rows = (
                await session.execute(
                    update(R)
                    .where(R.broadcast_id == broadcast_id, R.seq.in_(next_ones))
                    .values(state=RecipientState.CLAIMED.value)
                    .returning(R.seq, R.bot_id, R.chat_id)
                )
            ).all()
            await session.commit()
        claimed = [ClaimedRecipient(s, Recipient(TenantId(b), c)) for s, b, c in rows]
        return sorted(claimed, key=lambda c: c.seq)

    async def record(
        self,
        broadcast_id: int,
        outcomes: Sequence[tuple[ClaimedRecipient, RecipientState]],
        unattempted: Sequence[int],
    ) -> Broadcast:
        async with self._sessions() as session:
            by_state: dict[RecipientState, list[int]] = {}
            for claimed, state in outcomes:
                by_state.setdefault(state, []).append(claimed.seq)
            for state, seqs in by_state.items():
                await session.execute(
                    update(R)
                    .where(R.broadcast_id == broadcast_id, R.seq.in_(seqs))
                    .values(state=state.value)
                )
            if unattempted:
                await session.execute(
                    update(R)
                    .where(R.broadcast_id == broadcast_id, R.seq.in_(unattempted))
                    .values(state=RecipientState.PENDING.value)
                )
            blocked = [
                {"bot_id": c.recipient.tenant_id, "chat_id": c.recipient.chat_id}
                for c, state in outcomes
                if state is RecipientState.BLOCKED
            ]
            if blocked:
                await session.execute(pg_insert(Blocked).values(blocked).on_conflict_do_nothing())
            counts = {
                field: len(by_state.get(state, ()))
                for field, state in (
                    ("sent", RecipientState.SENT),
                    ("blocked", RecipientState.BLOCKED),
                    ("failed", RecipientState.FAILED),
                )
            }
            row = await session.scalar(
                update(B)
                .where(B.id == broadcast_id)
                .values(
                    sent=B.sent + counts["sent"],
                    blocked=B.blocked + counts["blocked"],
                    failed=B.failed + counts["failed"],
                )
                .returning(B)
            )
            assert row is not None
            left = await session.scalar(
                select(func.count())
                .select_from(R)
                .where(
                    R.broadcast_id == broadcast_id,
                    R.state.in_((RecipientState.PENDING.value, RecipientState.CLAIMED.value)),
                )
            )
            if not left and row.status == BroadcastStatus.RUNNING.value:
                row.status = BroadcastStatus.DONE.value
                row.finished_at = self._clock.now()
            await session.commit()
            return _broadcast(row)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        async with self._sessions() as session:
            await session.execute(
                update(B).where(B.id == broadcast_id).values(progress_message_id=message_id)
            )
            await session.commit()


class PgDeliveryLease:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None

    async def acquire(self) -> bool:
        if self._conn is not None:
            return True
        conn = await self._engine.connect()
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        taken = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEASE_KEY})
        if taken:
            self._conn = conn
            return True
        await conn.close()
        return False

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LEASE_KEY})
        finally:
            await conn.close()
