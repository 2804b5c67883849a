from __future__ import annotations

from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import PaymentCardNotFound
from src.core.ids import PaymentCardId, TenantId


class DeletePaymentCard:
    """Remove a payment card. A missing (or another tenant's) card: not found."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, card_id: PaymentCardId) -> None:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            if not await uow.cards.delete(card_id):
                raise PaymentCardNotFound(f"payment card {card_id} not found")
            await uow.commit()
