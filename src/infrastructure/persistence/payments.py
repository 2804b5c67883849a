"""SQLAlchemy repository of a tenant's payment cards (`tenant_payment_cards`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import DuplicatePaymentCard
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import DETAIL_FIELDS, CardDetails, PaymentCard
from src.infrastructure.persistence.models import TenantPaymentCardModel

_T = TenantPaymentCardModel.__table__.c
_COUNTERS = ("success_count", "failure_count", "last_used_at")
_COLUMNS = (
    _T.id,
    _T.card_number,
    *(_T[name] for name in DETAIL_FIELDS),
    *(_T[name] for name in _COUNTERS),
    _T.created_at,
)
_NUMBER_KEY = "uq_tenant_payment_cards_bot_id_card_number"


def _card(row: Row[Any]) -> PaymentCard:
    m = row._mapping
    return PaymentCard(
        id=PaymentCardId(m["id"]),
        card_number=m["card_number"],
        details=CardDetails(**{name: m[name] for name in DETAIL_FIELDS}),
        created_at=m["created_at"],
        success_count=m["success_count"],
        failure_count=m["failure_count"],
        last_used_at=m["last_used_at"],
    )


class SqlaPaymentCardRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._tenant_id = session, tenant_id

    def _mine(self) -> Any:
        return _T.bot_id == self._tenant_id

    async def list(self) -> Sequence[PaymentCard]:
        rows = await self._s.execute(select(*_COLUMNS).where(self._mine()).order_by(_T.id))
        return [_card(r) for r in rows]

    async def get(self, card_id: PaymentCardId, *, for_update: bool = False) -> PaymentCard | None:
        stmt = select(*_COLUMNS).where(self._mine(), _T.id == card_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._s.execute(stmt)).one_or_none()
        return _card(row) if row else None

    async def add(self, card_number: str, details: CardDetails, now: datetime) -> PaymentCard:
        stmt = (
            insert(TenantPaymentCardModel)
            .values(
                bot_id=self._tenant_id,
                card_number=card_number,
                created_at=now,
                **{name: getattr(details, name) for name in DETAIL_FIELDS},
            )
            .returning(*_COLUMNS)
        )
        try:
            async with self._s.begin_nested():
                row = (await self._s.execute(stmt)).one()
        except IntegrityError as exc:
            if _NUMBER_KEY in str(exc.orig):  # the message names the key, never the number
                raise DuplicatePaymentCard("this card is already registered") from None
            raise
        return _card(row)

    async def save(self, card: PaymentCard) -> None:
        await self._s.execute(
            update(TenantPaymentCardModel)
            .where(self._mine(), _T.id == card.id)
            .values(
                **{name: getattr(card.details, name) for name in DETAIL_FIELDS},
                **{name: getattr(card, name) for name in _COUNTERS},
            )
        )

    async def delete(self, card_id: PaymentCardId) -> bool:
        result = await self._s.execute(
            delete(TenantPaymentCardModel).where(self._mine(), _T.id == card_id).returning(_T.id)
        )
        return result.scalar_one_or_none() is not None

    async def touch(self, card_ids: Sequence[PaymentCardId], now: datetime) -> None:
        await self._s.execute(
            update(TenantPaymentCardModel)
            .where(self._mine(), _T.id.in_(list(card_ids)))
            .values(last_used_at=now)
        )

    async def count_outcome(self, card_id: PaymentCardId, *, success: bool) -> None:
        column = _T.success_count if success else _T.failure_count
        await self._s.execute(
            update(TenantPaymentCardModel)
            .where(self._mine(), _T.id == card_id)
            .values({column: column + 1})
        )
