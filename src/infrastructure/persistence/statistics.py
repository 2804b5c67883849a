"""The tenant console's figures: each one SQL query, the windows as FILTER clauses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.statistics import Windowed, Windows
from src.core.ids import TenantId
from src.core.shop.ledger import LedgerKind
from src.infrastructure.persistence.customer_models import (
    BotUserModel,
    SubscriptionModel,
    UserLedgerModel,
)

U, L, S = BotUserModel, UserLedgerModel, SubscriptionModel
BOUGHT = (LedgerKind.PURCHASE.value, LedgerKind.RENEWAL.value)


def _windowed(values: tuple[Any, ...]) -> Windowed:
    today, week, month = (int(v or 0) for v in values)  # SUM of bigint is numeric
    return Windowed(today, week, month)


class SqlaShopFigures:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def new_users(self, windows: Windows) -> Windowed:
        count = func.count().filter
        row = (
            await self._s.execute(
                select(
                    count(U.created_at >= windows.today),
                    count(U.created_at >= windows.week),
                    count(U.created_at >= windows.month),
                ).where(U.bot_id == self._t)
            )
        ).one()
        return _windowed(tuple(row))

    async def active_subscriptions(self, now: datetime) -> int:
        stmt = select(func.count()).where(S.bot_id == self._t, S.expires_at > now)
        return int(await self._s.scalar(stmt) or 0)

    async def purchases(self, windows: Windows) -> tuple[Windowed, Windowed]:
        since = (windows.today, windows.week, windows.month)
        row = (
            await self._s.execute(
                select(
                    *(func.count().filter(L.created_at >= s) for s in since),
                    *(func.sum(-L.amount).filter(L.created_at >= s) for s in since),
                ).where(L.bot_id == self._t, L.kind.in_(BOUGHT), L.created_at >= windows.month)
            )
        ).one()
        return _windowed(tuple(row[:3])), _windowed(tuple(row[3:]))

    async def top_ups(self, since: datetime) -> Mapping[str, int]:
        method = func.split_part(L.reference, ":", 1)
        rows = await self._s.execute(
            select(method, func.sum(L.amount))
            .where(
                L.bot_id == self._t,
                L.kind == LedgerKind.TOP_UP.value,
                L.created_at >= since,
            )
            .group_by(method)
        )
        return {str(m): int(total or 0) for m, total in rows}

    async def trial_conversion(self) -> tuple[int, int]:
        bought = exists().where(
            L.bot_id == U.bot_id,
            L.user_id == U.id,
            L.kind.in_(BOUGHT),
            L.created_at >= U.trial_used_at,
        )
        row = (
            await self._s.execute(
                select(func.count(), func.count().filter(bought)).where(
                    U.bot_id == self._t, U.trial_used_at.is_not(None)
                )
            )
        ).one()
        return int(row[0]), int(row[1])
