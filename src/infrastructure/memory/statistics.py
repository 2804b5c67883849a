"""In-memory twin of the platform statistics (kept equal by tests/contract)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, datetime

from src.application.ports.statistics import Sales
from src.core.billing.wallet import WalletKind
from src.core.ids import TenantId
from src.core.payments.card_payment import CardPaymentStatus
from src.core.shop.ledger import LedgerKind
from src.infrastructure.memory.store import MemoryData

SALE_KINDS = (LedgerKind.PURCHASE, LedgerKind.RENEWAL)


class InMemoryPlatformStatistics:
    def __init__(self, data: Callable[[], MemoryData]) -> None:
        self._data = data

    async def tenants_by_status(self) -> Mapping[str, int]:
        return dict(Counter(row.tenant.status.value for row in self._data().bots.values()))

    async def users(self, tenant_id: TenantId | None) -> int:
        return sum(1 for t, _ in self._data().customers.users if _in(t, tenant_id))

    async def active_subscriptions(self, tenant_id: TenantId | None, now: datetime) -> int:
        subs = self._data().customers.subscriptions.items()
        return sum(1 for (t, _), s in subs if _in(t, tenant_id) and s.expires_at > now)

    async def sales_since(self, tenant_id: TenantId | None, since: datetime) -> Sales:
        sales = [
            e.amount
            for t, e in self._data().customers.ledger
            if _in(t, tenant_id) and e.kind in SALE_KINDS and e.created_at >= since
        ]
        return Sales(len(sales), -sum(sales))

    async def traffic_billed_since(self, since: datetime) -> int:
        return sum(
            e.traffic_bytes
            for e in self._data().billing.ledger.values()
            if e.kind is WalletKind.TRAFFIC_CHARGE and e.created_at >= since
        )

    async def wallets_below_low_balance(self) -> int:
        wallets = self._data().billing.wallets.values()
        return sum(1 for w in wallets if w.balance < w.settings.low_balance_threshold)

    async def receipts_waiting_since(self, before: datetime) -> int:
        payments = self._data().payments.payments.values()
        return sum(
            1
            for _, p in payments
            if p.status is CardPaymentStatus.PENDING and p.created_at <= before
        )


class InMemoryDigestLog:
    def __init__(self, data: Callable[[], MemoryData]) -> None:
        self._data = data

    async def claim(self, day: date, now: datetime) -> bool:
        days = self._data().digest_days
        if day in days:
            return False
        days[day] = now
        return True


def _in(tenant: TenantId, wanted: TenantId | None) -> bool:
    return wanted is None or tenant == wanted
