"""Reading card payments: the API's list, the admin's Details button, the console's
pending receipts and cards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.payments.card_payment import (
    CardPayment,
    CardPaymentNotFound,
    CardPaymentStatus,
    NotTenantAdmin,
)
from src.core.shop.user import ShopUser


@dataclass(frozen=True, slots=True)
class CardPaymentPage:
    items: Sequence[CardPayment]
    total: int


class ListCardPayments:
    """A tenant's card payments, newest first, optionally of one status, paginated."""

    MAX_LIMIT = 200

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self,
        tenant_id: TenantId,
        status: CardPaymentStatus | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
    ) -> CardPaymentPage:
        limit = max(1, min(limit, self.MAX_LIMIT))
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            items, total = await uow.card_payments.list(status, limit=limit, offset=max(0, offset))
        return CardPaymentPage(items, total)


@dataclass(frozen=True, slots=True)
class CardPaymentDetails:
    payment: CardPayment
    user: ShopUser | None
    pending_of_user: int


class GetCardPaymentDetails:
    """One payment with its user, for a tenant admin (the Details button).

    Rules: only the tenant's admins; another tenant's payment is not found.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, tenant_id: TenantId, payment_id: int, admin_telegram_id: int
    ) -> CardPaymentDetails:
        async with self._uow.for_tenant(tenant_id) as uow:
            tenant = await require_own_tenant(uow.tenant)
            if not tenant.is_admin(admin_telegram_id):
                raise NotTenantAdmin("only this shop's admins see payments")
            payment = await uow.card_payments.get(payment_id)
            if payment is None:
                raise CardPaymentNotFound(f"card payment {payment_id} not found")
            user = await uow.users.get(payment.user_id)
            pending = await uow.card_payments.count_pending(payment.user_id)
        return CardPaymentDetails(payment, user, pending)


class ListPendingReceipts:
    """The tenant console's Receipts screen: pending payments, OLDEST first, a page at a
    time (the repository lists newest first, so the page is read from the far end)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, *, page: int, size: int) -> CardPaymentPage:
        pending = CardPaymentStatus.PENDING
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            _, total = await uow.card_payments.list(pending, limit=1, offset=0)
            end = total - max(0, page) * size  # newest-first index just past this page
            if end <= 0:
                return CardPaymentPage((), total)
            start = max(0, end - size)
            items, total = await uow.card_payments.list(pending, limit=end - start, offset=start)
        return CardPaymentPage(tuple(reversed(items)), total)


class CardSelectionsToday:
    """The console's Cards screen: how many card payments each card received since
    midnight UTC (the rotation's selections that reached a receipt), in one query."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, tenant_id: TenantId) -> Mapping[int, int]:
        now = self._clock.now()
        midnight = datetime.combine(now.date(), time(), tzinfo=now.tzinfo)
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return await uow.card_payments.selections_since(midnight)
