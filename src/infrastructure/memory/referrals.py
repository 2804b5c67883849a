"""In-memory twin of the referral read side (kept equal by tests/contract)."""

from __future__ import annotations

from src.application.ports.referrals import ReferralSummary
from src.core.growth.referral import BONUS_REFERENCE_PREFIX, bonus_reference
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerEntry, LedgerKind
from src.infrastructure.memory.customers import Tables

_PAYING = (LedgerKind.TOP_UP, LedgerKind.PURCHASE)


class InMemoryReferralQueries:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    def _rows(self, user_id: ShopUserId) -> list[LedgerEntry]:
        return [e for t, e in self._db().ledger if t == self._t and e.user_id == user_id]

    async def summary(self, referrer: ShopUserId) -> ReferralSummary:
        referees = [
            u.id
            for (t, _), u in self._db().users.items()
            if t == self._t and u.referred_by == referrer
        ]
        paid = sum(1 for r in referees if any(e.kind in _PAYING for e in self._rows(r)))
        earned = sum(
            e.amount
            for e in self._rows(referrer)
            if e.kind is LedgerKind.REFERRAL_BONUS
            and e.reference.startswith(BONUS_REFERENCE_PREFIX)
        )
        return ReferralSummary(len(referees), paid, earned)

    async def paid_by(self, referrer: ShopUserId, referee: ShopUserId) -> bool:
        reference = bonus_reference(referee)
        return any(
            e.kind is LedgerKind.REFERRAL_BONUS and e.reference == reference and e.amount > 0
            for e in self._rows(referrer)
        )

    async def top_ups(self, user_id: ShopUserId) -> int:
        return sum(1 for e in self._rows(user_id) if e.kind is LedgerKind.TOP_UP)
