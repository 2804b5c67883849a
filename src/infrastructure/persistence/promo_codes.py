"""SQLAlchemy repository of a tenant's promo codes (tenant-bound)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.growth.promo import PromoCode, PromoCodeTaken, PromoKind, PromoPerk, PromoTerms
from src.core.ids import ShopUserId, TenantId
from src.infrastructure.persistence.promo_models import (
    PromoAttemptModel,
    PromoCodeModel,
    PromoRedemptionModel,
)

P = PromoCodeModel.__table__.c
R = PromoRedemptionModel.__table__.c
A = PromoAttemptModel.__table__.c
_TAKEN = "uq_promo_codes_bot_id_code"


def _promo(row: Row[Any]) -> PromoCode:
    terms = PromoTerms(
        code=row.code,
        kind=PromoKind(row.kind),
        value=row.value,
        max_uses=row.max_uses,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        active=row.active,
    )
    return PromoCode(row.id, terms, row.uses, row.created_at, row.updated_at)


def _values(terms: PromoTerms) -> dict[str, Any]:
    return {
        "code": terms.code,
        "kind": terms.kind.value,
        "value": terms.value,
        "max_uses": terms.max_uses,
        "valid_from": terms.valid_from,
        "valid_until": terms.valid_until,
        "active": terms.active,
    }


def _valid(now: datetime) -> Any:
    return (
        P.active
        & or_(P.valid_from.is_(None), P.valid_from <= now)
        & or_(P.valid_until.is_(None), P.valid_until > now)
    )


class SqlaPromoCodeRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def list(self, *, limit: int, offset: int) -> tuple[Sequence[PromoCode], int]:
        mine = P.bot_id == self._t
        rows = await self._s.execute(
            select(PromoCodeModel.__table__).where(mine).order_by(P.id).limit(limit).offset(offset)
        )
        total = (await self._s.execute(select(func.count()).where(mine))).scalar_one()
        return [_promo(r) for r in rows], int(total)

    async def _one(self, *where: Any) -> PromoCode | None:
        query = select(PromoCodeModel.__table__).where(P.bot_id == self._t, *where)
        row = (await self._s.execute(query)).one_or_none()
        return _promo(row) if row else None

    async def get(self, promo_id: int) -> PromoCode | None:
        return await self._one(P.id == promo_id)

    async def by_code(self, code: str) -> PromoCode | None:
        return await self._one(P.code == code)

    async def _write(self, statement: Any) -> Row[Any]:
        try:
            async with self._s.begin_nested():
                return (await self._s.execute(statement)).one()
        except IntegrityError as exc:
            if _TAKEN in str(exc.orig):
                raise PromoCodeTaken("another promo code of this shop has this code") from None
            raise

    async def add(self, terms: PromoTerms, now: datetime) -> PromoCode:
        statement = (
            insert(PromoCodeModel)
            .values(bot_id=self._t, created_at=now, updated_at=now, **_values(terms))
            .returning(PromoCodeModel.__table__)
        )
        return _promo(await self._write(statement))

    async def save(self, promo: PromoCode) -> None:
        await self._write(
            update(PromoCodeModel)
            .where(P.bot_id == self._t, P.id == promo.id)
            .values(updated_at=promo.updated_at, **_values(promo.terms))
            .returning(P.id)
        )

    async def delete(self, promo_id: int) -> bool:
        gone = await self._s.execute(
            delete(PromoCodeModel).where(P.bot_id == self._t, P.id == promo_id).returning(P.id)
        )
        return gone.one_or_none() is not None

    async def take_use(self, promo_id: int, now: datetime) -> bool:
        # one conditional statement: the row lock serializes concurrent takers and each
        # re-checks `uses < max_uses` on the row the previous one committed
        taken = await self._s.execute(
            update(PromoCodeModel)
            .where(P.bot_id == self._t, P.id == promo_id, _valid(now))
            .where(or_(P.max_uses.is_(None), P.uses < P.max_uses))
            .values(uses=P.uses + 1)
            .returning(P.id)
        )
        return taken.one_or_none() is not None

    async def redeem(
        self, promo_id: int, user_id: ShopUserId, kind: PromoKind, pending: bool, now: datetime
    ) -> bool:
        statement = (
            pg_insert(PromoRedemptionModel)
            .values(
                bot_id=self._t,
                promo_id=promo_id,
                user_id=user_id,
                kind=kind.value,
                pending=pending,
                created_at=now,
            )
            .on_conflict_do_nothing()
            .returning(R.promo_id)
        )
        return (await self._s.execute(statement)).one_or_none() is not None

    async def perks(self, user_id: ShopUserId, now: datetime) -> Sequence[PromoPerk]:
        still_valid = or_(R.kind != PromoKind.DISCOUNT.value, _valid(now))
        rows = await self._s.execute(
            select(R.promo_id, R.kind, P.value)
            .join(PromoCodeModel.__table__, (P.bot_id == R.bot_id) & (P.id == R.promo_id))
            .where(R.bot_id == self._t, R.user_id == user_id, R.pending, still_valid)
            .order_by(R.created_at, R.promo_id)
        )
        return [PromoPerk(r.promo_id, PromoKind(r.kind), r.value) for r in rows]

    async def consume(self, promo_id: int, user_id: ShopUserId, now: datetime) -> None:
        await self._s.execute(
            update(PromoRedemptionModel)
            .where(R.bot_id == self._t, R.promo_id == promo_id, R.user_id == user_id)
            .values(pending=False, consumed_at=now)
        )

    async def failures_since(self, user_id: ShopUserId, since: datetime) -> int:
        query = select(func.count()).where(A.bot_id == self._t, A.user_id == user_id, A.at >= since)
        return int((await self._s.execute(query)).scalar_one())

    async def fail(self, user_id: ShopUserId, now: datetime) -> None:
        await self._s.execute(
            insert(PromoAttemptModel).values(bot_id=self._t, user_id=user_id, at=now)
        )
