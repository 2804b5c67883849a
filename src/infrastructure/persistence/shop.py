"""SQLAlchemy repository of a tenant's plans (`bot_plans`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import DuplicatePlanName
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import TERM_FIELDS, Plan, PlanTerms
from src.infrastructure.persistence.models import BotPlanModel

_T = BotPlanModel.__table__.c
_COLUMNS = (_T.id, *(_T[name] for name in TERM_FIELDS), _T.created_at, _T.updated_at)
_NAME_KEY = "uq_bot_plans_bot_id_name"


def _plan(row: Row[Any]) -> Plan:
    terms = PlanTerms(**{name: row._mapping[name] for name in TERM_FIELDS})
    return Plan(PlanId(row.id), terms, row.created_at, row.updated_at)


def _terms(terms: PlanTerms) -> dict[str, Any]:
    return {name: getattr(terms, name) for name in TERM_FIELDS}


def _duplicate_name(exc: IntegrityError) -> bool:
    return _NAME_KEY in str(exc.orig)


class SqlaPlanRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._tenant_id = session, tenant_id

    def _mine(self) -> Any:
        return _T.bot_id == self._tenant_id

    async def list(self) -> Sequence[Plan]:
        rows = await self._s.execute(
            select(*_COLUMNS).where(self._mine()).order_by(_T.sort_order, _T.id)
        )
        return [_plan(r) for r in rows]

    async def get(self, plan_id: PlanId, *, for_update: bool = False) -> Plan | None:
        stmt = select(*_COLUMNS).where(self._mine(), _T.id == plan_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._s.execute(stmt)).one_or_none()
        return _plan(row) if row else None

    async def add(self, terms: PlanTerms, now: datetime) -> Plan:
        stmt = (
            insert(BotPlanModel)
            .values(bot_id=self._tenant_id, created_at=now, updated_at=now, **_terms(terms))
            .returning(*_COLUMNS)
        )
        try:
            async with self._s.begin_nested():
                row = (await self._s.execute(stmt)).one()
        except IntegrityError as exc:
            if _duplicate_name(exc):
                raise DuplicatePlanName(f"a plan named {terms.name!r} exists") from None
            raise
        return _plan(row)

    async def save(self, plan: Plan) -> None:
        stmt = (
            update(BotPlanModel)
            .where(self._mine(), _T.id == plan.id)
            .values(updated_at=plan.updated_at, **_terms(plan.terms))
        )
        try:
            async with self._s.begin_nested():
                await self._s.execute(stmt)
        except IntegrityError as exc:
            if _duplicate_name(exc):
                raise DuplicatePlanName(f"a plan named {plan.name!r} exists") from None
            raise

    async def delete(self, plan_id: PlanId) -> bool:
        result = await self._s.execute(
            delete(BotPlanModel).where(self._mine(), _T.id == plan_id).returning(_T.id)
        )
        return result.scalar_one_or_none() is not None
