from __future__ import annotations

from src.application.ports.payments import PaymentCardRepository
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import PaymentCardNotFound
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import PaymentCard


async def require_card(
    cards: PaymentCardRepository, card_id: PaymentCardId, *, for_update: bool = False
) -> PaymentCard:
    card = await cards.get(card_id, for_update=for_update)
    if card is None:
        raise PaymentCardNotFound(f"payment card {card_id} not found")
    return card


class GetPaymentCard:
    """One payment card of a tenant; another tenant's card is not found."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, card_id: PaymentCardId) -> PaymentCard:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return await require_card(uow.cards, card_id)
