from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from src.core.billing.charges import SoldTraffic

if TYPE_CHECKING:
    from src.application.ports.uow import TenantUnitOfWork


class SaleBilling(Protocol):
    """Charges the tenant's wallet for a sale, inside the sale's own transaction.

    The adapter works on the same unit of work as the sale (so both commit or
    neither does) and raises a Conflict subclass when the tenant's wallet may not
    carry the sale; `refund_sale` reverses a charge made under `reference`.
    `telegram_id` is the buyer: the bytes a sale prepays are kept for the buyer's
    panel user, so that consumption billing does not charge them again.
    """

    async def charge_sale(
        self,
        uow: TenantUnitOfWork,
        sold: SoldTraffic,
        reference: str,
        *,
        telegram_id: int | None = None,
    ) -> None: ...

    async def refund_sale(self, uow: TenantUnitOfWork, reference: str) -> None: ...
