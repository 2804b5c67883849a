"""SQL read side of the referral program (tenant-bound): plain aggregates on the ledger."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.referrals import ReferralSummary
from src.core.growth.referral import BONUS_REFERENCE_PREFIX, bonus_reference
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerKind
from src.infrastructure.persistence.customer_models import BotUserModel, UserLedgerModel

U, L = BotUserModel.__table__.c, UserLedgerModel.__table__.c
_PAYING = (LedgerKind.TOP_UP.value, LedgerKind.PURCHASE.value)


class SqlaReferralQueries:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def summary(self, referrer: ShopUserId) -> ReferralSummary:
        paying = (
            select(L.user_id)
            .where(L.bot_id == self._t, L.kind.in_(_PAYING))
            .where(L.user_id == U.id)
            .exists()
        )
        invited = select(func.count(), func.count().filter(paying)).where(
            U.bot_id == self._t, U.referred_by == referrer
        )
        earned = select(func.coalesce(func.sum(L.amount), 0)).where(
            L.bot_id == self._t,
            L.user_id == referrer,
            L.kind == LedgerKind.REFERRAL_BONUS.value,
            L.reference.startswith(BONUS_REFERENCE_PREFIX, autoescape=True),
        )
        count, paid = (await self._s.execute(invited)).one()
        total = (await self._s.execute(earned)).scalar_one()
        return ReferralSummary(int(count), int(paid), int(total))

    async def paid_by(self, referrer: ShopUserId, referee: ShopUserId) -> bool:
        query = select(
            select(L.id)
            .where(
                and_(
                    L.bot_id == self._t,
                    L.user_id == referrer,
                    L.kind == LedgerKind.REFERRAL_BONUS.value,
                    L.reference == bonus_reference(referee),
                    L.amount > 0,
                )
            )
            .exists()
        )
        return bool((await self._s.execute(query)).scalar_one())

    async def top_ups(self, user_id: ShopUserId) -> int:
        query = select(func.count()).where(
            L.bot_id == self._t, L.user_id == user_id, L.kind == LedgerKind.TOP_UP.value
        )
        return int((await self._s.execute(query)).scalar_one())
