"""SQLAlchemy repositories of online top-ups: payments, sealed credentials, due polls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.online_payments import (
    DueOnlinePayment,
    NewOnlinePayment,
    StoredCredentials,
)
from src.core.ids import PlanId, ShopUserId, TenantId
from src.core.payments.online import OnlinePayment, OnlineStatus
from src.infrastructure.persistence.online_payment_models import (
    OnlinePaymentModel,
    TenantPaymentProviderModel,
)

OP = OnlinePaymentModel.__table__.c
C = TenantPaymentProviderModel.__table__.c
PENDING = OnlineStatus.PENDING.value


def _payment(row: Row[Any]) -> OnlinePayment:
    return OnlinePayment(
        id=row.id,
        tenant_id=TenantId(row.bot_id),
        user_id=ShopUserId(row.user_id),
        telegram_id=row.telegram_id,
        provider=row.provider,
        payment_id=row.provider_payment_id,
        amount=row.amount,
        currency=row.currency,
        status=OnlineStatus(row.status),
        plan_id=PlanId(row.plan_id) if row.plan_id is not None else None,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlaOnlinePaymentRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def add(self, new: NewOnlinePayment, now: datetime) -> OnlinePayment:
        stmt = (
            insert(OnlinePaymentModel)
            .values(
                bot_id=self._t,
                user_id=new.user_id,
                telegram_id=new.telegram_id,
                provider=new.provider,
                provider_payment_id=new.payment_id,
                amount=new.amount,
                currency=new.currency,
                plan_id=new.plan_id,
                created_at=now,
                updated_at=now,
            )
            .returning(*OP)
        )
        return _payment((await self._s.execute(stmt)).one())

    async def get(
        self, provider: str, payment_id: str, *, for_update: bool = False
    ) -> OnlinePayment | None:
        stmt = select(*OP).where(
            OP.bot_id == self._t, OP.provider == provider, OP.provider_payment_id == payment_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._s.execute(stmt)).one_or_none()
        return _payment(row) if row else None

    async def pending_count(self, provider: str) -> int:
        count = await self._s.scalar(
            select(func.count())
            .select_from(OnlinePaymentModel)
            .where(OP.bot_id == self._t, OP.provider == provider, OP.status == PENDING)
        )
        return int(count or 0)

    async def set_status(self, payment_id: int, status: OnlineStatus, now: datetime) -> None:
        await self._s.execute(
            update(OnlinePaymentModel)
            .where(OP.bot_id == self._t, OP.id == payment_id)
            .values(status=status.value, updated_at=now)
        )


class SqlaProviderCredentialsRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def get(self, provider: str) -> StoredCredentials | None:
        return (await self.all()).get(provider)

    async def put(self, provider: str, sealed: bytes, test_mode: bool, now: datetime) -> None:
        values = {"credentials_sealed": sealed, "test_mode": test_mode, "updated_at": now}
        stmt = insert(TenantPaymentProviderModel).values(
            bot_id=self._t, provider=provider, **values
        )
        await self._s.execute(
            stmt.on_conflict_do_update(index_elements=[C.bot_id, C.provider], set_=values)
        )

    async def delete(self, provider: str) -> bool:
        gone = await self._s.execute(
            delete(TenantPaymentProviderModel)
            .where(C.bot_id == self._t, C.provider == provider)
            .returning(C.provider)
        )
        return gone.first() is not None

    async def all(self) -> Mapping[str, StoredCredentials]:
        rows = await self._s.execute(select(*C).where(C.bot_id == self._t))
        return {
            r.provider: StoredCredentials(r.credentials_sealed, r.test_mode, r.updated_at)
            for r in rows
        }


class SqlaDueOnlinePayments:
    """Platform-scoped: pending online payments created before a time, oldest first."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def pending(self, before: datetime, limit: int) -> Sequence[DueOnlinePayment]:
        rows = await self._s.execute(
            select(OP.bot_id, OP.provider, OP.provider_payment_id)
            .where(OP.status == PENDING, OP.created_at <= before)
            .order_by(OP.created_at)
            .limit(limit)
        )
        return [
            DueOnlinePayment(TenantId(r.bot_id), r.provider, r.provider_payment_id) for r in rows
        ]

    async def take(self, before: datetime, limit: int, now: datetime) -> Sequence[DueOnlinePayment]:
        batch = (
            select(OP.id)
            .where(OP.status == PENDING, OP.created_at <= before)
            .order_by(OP.updated_at, OP.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # a settlement holding a row: next round
            .scalar_subquery()
        )
        rows = await self._s.execute(
            update(OnlinePaymentModel)
            .where(OP.id.in_(batch))
            .values(updated_at=now)
            .returning(OP.bot_id, OP.provider, OP.provider_payment_id)
        )
        return [
            DueOnlinePayment(TenantId(r.bot_id), r.provider, r.provider_payment_id) for r in rows
        ]
