"""SQLAlchemy repositories of card-to-card top-ups: payments, rotation state, overdue work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.card_payments import NewCardPayment
from src.core.ids import PaymentCardId, PlanId, ShopUserId, TenantId
from src.core.payments.card_payment import CardPayment, CardPaymentStatus, Receipt
from src.core.payments.rotation import RotationState
from src.infrastructure.persistence.payment_models import CardPaymentModel, CardRotationStateModel

P = CardPaymentModel.__table__.c
RS = CardRotationStateModel.__table__.c
PENDING = CardPaymentStatus.PENDING.value


def _payment(row: Row[Any]) -> CardPayment:
    return CardPayment(
        id=row.id,
        user_id=ShopUserId(row.user_id),
        card_id=PaymentCardId(row.card_id) if row.card_id is not None else None,
        card_masked=row.card_masked,
        amount=row.amount,
        tracking_number=row.tracking_number,
        status=CardPaymentStatus(row.status),
        receipt=Receipt(row.receipt_text, row.receipt_file_id),
        plan_id=PlanId(row.plan_id) if row.plan_id is not None else None,
        created_at=row.created_at,
        expires_at=row.expires_at,
        admin_chat_id=row.admin_chat_id,
        admin_message_id=row.admin_message_id,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        note=row.note,
        offer_key=row.offer_key,
        media_group_id=row.media_group_id,
    )


class SqlaCardPaymentRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def add(self, new: NewCardPayment) -> CardPayment | None:
        stmt = (
            insert(CardPaymentModel)
            .values(
                bot_id=self._t,
                user_id=new.user_id,
                card_id=new.card_id,
                card_masked=new.card_masked,
                amount=new.amount,
                tracking_number=new.tracking_number,
                receipt_kind=new.receipt.kind.value,
                receipt_text=new.receipt.text,
                receipt_file_id=new.receipt.photo_file_id,
                plan_id=new.plan_id,
                created_at=new.now,
                expires_at=new.expires_at,
                offer_key=new.offer_key,
                media_group_id=new.media_group_id,
            )
            .on_conflict_do_nothing(constraint="uq_card_payments_bot_id_offer_key")
            .returning(*CardPaymentModel.__table__.c)
        )
        row = (await self._s.execute(stmt)).one_or_none()
        return _payment(row) if row else None

    async def _first(self, *where: Any) -> CardPayment | None:
        stmt = select(CardPaymentModel.__table__).where(P.bot_id == self._t, *where)
        row = (await self._s.execute(stmt)).one_or_none()
        return _payment(row) if row else None

    async def by_offer(self, offer_key: str) -> CardPayment | None:
        return await self._first(P.offer_key == offer_key)

    async def get(self, payment_id: int) -> CardPayment | None:
        return await self._first(P.id == payment_id)

    async def count_pending(self, user_id: ShopUserId) -> int:
        count = await self._s.scalar(
            select(func.count())
            .select_from(CardPaymentModel.__table__)
            .where(P.bot_id == self._t, P.user_id == user_id, P.status == PENDING)
        )
        return int(count or 0)

    async def _move(self, payment_id: int, *where: Any, **values: Any) -> CardPayment | None:
        row = (
            await self._s.execute(
                update(CardPaymentModel)
                .where(P.bot_id == self._t, P.id == payment_id, P.status == PENDING, *where)
                .values(**values)
                .returning(*CardPaymentModel.__table__.c)
            )
        ).one_or_none()
        return _payment(row) if row else None

    async def selections_since(self, since: datetime) -> Mapping[int, int]:
        rows = await self._s.execute(
            select(P.card_id, func.count())
            .where(P.bot_id == self._t, P.created_at >= since, P.card_id.is_not(None))
            .group_by(P.card_id)
        )
        return {int(card): int(count) for card, count in rows}

    async def decide(
        self,
        payment_id: int,
        status: CardPaymentStatus,
        decided_by: str,
        note: str | None,
        now: datetime,
    ) -> CardPayment | None:
        return await self._move(
            payment_id,
            P.expires_at > now,
            status=status.value,
            decided_by=decided_by,
            decided_at=now,
            note=note,
        )

    async def expire(self, payment_id: int, now: datetime) -> CardPayment | None:
        return await self._move(
            payment_id,
            P.expires_at <= now,
            status=CardPaymentStatus.EXPIRED.value,
            decided_at=now,
        )

    async def set_admin_message(self, payment_id: int, chat_id: int, message_id: int) -> None:
        await self._s.execute(
            update(CardPaymentModel)
            .where(P.bot_id == self._t, P.id == payment_id)
            .values(admin_chat_id=chat_id, admin_message_id=message_id)
        )

    async def list(
        self, status: CardPaymentStatus | None, *, limit: int, offset: int
    ) -> tuple[Sequence[CardPayment], int]:
        where: list[Any] = [P.bot_id == self._t]
        if status is not None:
            where.append(P.status == status.value)
        total = await self._s.scalar(
            select(func.count()).select_from(CardPaymentModel.__table__).where(*where)
        )
        rows = await self._s.execute(
            select(CardPaymentModel.__table__)
            .where(*where)
            .order_by(P.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_payment(r) for r in rows], int(total or 0)

    def _unseen(self) -> tuple[Any, ...]:
        return (P.bot_id == self._t, P.status == PENDING, P.admin_message_id.is_(None))

    async def unseen(self, limit: int) -> Sequence[CardPayment]:
        rows = await self._s.execute(
            select(CardPaymentModel.__table__)
            .where(*self._unseen())
            .order_by(P.created_at, P.id)
            .limit(limit)
        )
        return [_payment(r) for r in rows]

    async def unseen_alert_open(self) -> bool:
        stmt = select(exists().where(*self._unseen(), P.unseen_alerted_at.is_not(None)))
        return bool(await self._s.scalar(stmt))

    async def mark_unseen_alerted(self, now: datetime) -> int:
        marked = await self._s.execute(
            update(CardPaymentModel)
            .where(*self._unseen(), P.unseen_alerted_at.is_(None))
            .values(unseen_alerted_at=now)
            .returning(P.id)
        )
        return len(marked.all())


_STATE_COLUMNS = (RS.last_card_id, RS.last_order, RS.current_card_id, RS.current_since, RS.cursor)


class SqlaRotationStateRepository:
    """The tenant's row, locked FOR UPDATE until commit: selections take turns on it."""

    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def _locked(self) -> Any:
        stmt = select(*_STATE_COLUMNS).where(RS.bot_id == self._t).with_for_update()
        return (await self._s.execute(stmt)).one_or_none()

    async def lock(self) -> RotationState:
        row = await self._locked()
        if row is None:  # the tenant's first selection: create the row, then lock it
            await self._s.execute(
                insert(CardRotationStateModel)
                .values(bot_id=self._t)
                .on_conflict_do_nothing(index_elements=["bot_id"])
            )
            row = await self._locked()
            assert row is not None  # inserted, or inserted by a concurrent first selection
        return RotationState(
            last_card_id=row.last_card_id,
            last_order=row.last_order,
            current_card_id=row.current_card_id,
            current_since=row.current_since,
            cursor=row.cursor,
        )

    async def save(self, state: RotationState) -> None:
        await self._s.execute(
            update(CardRotationStateModel)
            .where(RS.bot_id == self._t)
            .values(
                last_card_id=state.last_card_id,
                last_order=state.last_order,
                current_card_id=state.current_card_id,
                current_since=state.current_since,
                cursor=state.cursor,
            )
        )


class SqlaDueCardPayments:
    """Platform-scoped: pending payments whose time is over, oldest first."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def overdue(self, now: datetime, limit: int) -> Sequence[tuple[TenantId, int]]:
        rows = await self._s.execute(
            select(P.bot_id, P.id)
            .where(P.status == PENDING, P.expires_at <= now)
            .order_by(P.expires_at)
            .limit(limit)
        )
        return [(TenantId(r.bot_id), r.id) for r in rows]

    async def unseen_since(self, before: datetime, limit: int) -> Sequence[TenantId]:
        rows = await self._s.execute(
            select(P.bot_id)
            .where(
                P.status == PENDING,
                P.admin_message_id.is_(None),
                P.unseen_alerted_at.is_(None),
                P.created_at <= before,
            )
            .group_by(P.bot_id)
            .order_by(func.min(P.created_at))
            .limit(limit)
        )
        return [TenantId(r.bot_id) for r in rows]
