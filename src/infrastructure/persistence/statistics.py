"""SQLAlchemy statistics, the platform's and a tenant's: one aggregate query per figure
(docs/master-console.md, docs/tenant-console.md).

The sales and traffic windows use the partial indexes of migration 0016.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import exists, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import Select

from src.application.ports.statistics import Sales, Windowed, Windows
from src.core.billing.wallet import WalletKind
from src.core.ids import TenantId
from src.core.payments.card_payment import CardPaymentStatus
from src.core.shop.ledger import LedgerKind
from src.infrastructure.persistence.billing_models import TenantWalletModel, WalletLedgerModel
from src.infrastructure.persistence.customer_models import (
    BotUserModel,
    SubscriptionModel,
    UserLedgerModel,
)
from src.infrastructure.persistence.models import BotModel, DailyDigestModel
from src.infrastructure.persistence.payment_models import CardPaymentModel

SALE_KINDS = (LedgerKind.PURCHASE.value, LedgerKind.RENEWAL.value)


class SqlaPlatformStatistics:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def tenants_by_status(self) -> Mapping[str, int]:
        rows = await self._session.execute(
            select(BotModel.status, func.count()).group_by(BotModel.status)
        )
        return {str(status): int(count) for status, count in rows}

    async def users(self, tenant_id: TenantId | None) -> int:
        query = select(func.count()).select_from(BotUserModel)
        return await self._scalar(_of(query, BotUserModel.bot_id, tenant_id))

    async def active_subscriptions(self, tenant_id: TenantId | None, now: datetime) -> int:
        query = select(func.count()).where(SubscriptionModel.expires_at > now)
        return await self._scalar(_of(query, SubscriptionModel.bot_id, tenant_id))

    async def sales_since(self, tenant_id: TenantId | None, since: datetime) -> Sales:
        query = select(func.count(), func.coalesce(-func.sum(UserLedgerModel.amount), 0)).where(
            UserLedgerModel.kind.in_(SALE_KINDS), UserLedgerModel.created_at >= since
        )
        row = (await self._session.execute(_of(query, UserLedgerModel.bot_id, tenant_id))).one()
        return Sales(int(row[0]), int(row[1]))

    async def traffic_billed_since(self, since: datetime) -> int:
        return await self._scalar(
            select(func.coalesce(func.sum(WalletLedgerModel.traffic_bytes), 0)).where(
                WalletLedgerModel.kind == WalletKind.TRAFFIC_CHARGE.value,
                WalletLedgerModel.created_at >= since,
            )
        )

    async def wallets_below_low_balance(self) -> int:
        return await self._scalar(
            select(func.count()).where(
                TenantWalletModel.balance < TenantWalletModel.low_balance_threshold
            )
        )

    async def receipts_waiting_since(self, before: datetime) -> int:
        return await self._scalar(
            select(func.count()).where(
                CardPaymentModel.status == CardPaymentStatus.PENDING.value,
                CardPaymentModel.created_at <= before,
            )
        )

    async def _scalar(self, query: Select[int]) -> int:
        return int((await self._session.execute(query)).scalar_one())


class SqlaDigestLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, day: date, now: datetime) -> bool:
        inserted = await self._session.execute(
            insert(DailyDigestModel)
            .values(day=day, sent_at=now)
            .on_conflict_do_nothing()
            .returning(DailyDigestModel.day)
        )
        return inserted.first() is not None


Q = TypeVar("Q", Select[int], Select[int, int])


def _of(query: Q, column: InstrumentedAttribute[int], tenant_id: TenantId | None) -> Q:
    return query if tenant_id is None else query.where(column == tenant_id)


U, L, S = BotUserModel, UserLedgerModel, SubscriptionModel


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
        return await SqlaPlatformStatistics(self._s).active_subscriptions(self._t, now)

    async def purchases(self, windows: Windows) -> tuple[Windowed, Windowed]:
        since = (windows.today, windows.week, windows.month)
        row = (
            await self._s.execute(
                select(
                    *(func.count().filter(L.created_at >= s) for s in since),
                    *(func.sum(-L.amount).filter(L.created_at >= s) for s in since),
                ).where(L.bot_id == self._t, L.kind.in_(SALE_KINDS), L.created_at >= windows.month)
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
            L.kind.in_(SALE_KINDS),
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
