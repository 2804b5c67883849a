"""SQLAlchemy platform statistics: one aggregate query per figure (docs/master-console.md).

The sales and traffic windows use the partial indexes of migration 0016.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import Select

from src.application.ports.statistics import Sales
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
