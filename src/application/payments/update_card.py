from __future__ import annotations

from dataclasses import dataclass

from src.application.patch import KEEP, Keep, given
from src.application.payments.get_card import require_card
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import PaymentCard


@dataclass(frozen=True, slots=True)
class UpdatePaymentCardInput:
    tenant_id: TenantId
    card_id: PaymentCardId
    holder_name: str | Keep = KEEP
    weight: int | Keep = KEEP
    active: bool | Keep = KEEP


class UpdatePaymentCard:
    """Change a card's holder name, weight or active switch (PATCH).

    Rules: only the fields sent change, each validated; the number and the
    success/failure counters are not editable (a new number is a new card);
    another tenant's card is not found; a request that changes nothing writes
    nothing.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, data: UpdatePaymentCardInput) -> PaymentCard:
        changes = given(data, skip=("tenant_id", "card_id"))
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            card = await require_card(uow.cards, data.card_id, for_update=True)
            revised = card.revise(changes)
            if revised == card:
                return card
            await uow.cards.save(revised)
            await uow.commit()
        return revised
