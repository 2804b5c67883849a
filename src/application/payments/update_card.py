from __future__ import annotations

from dataclasses import dataclass

from src.application.audit.audit_trail import audit_in
from src.application.patch import KEEP, Keep, given
from src.application.payments.get_card import require_card
from src.application.ports.clock import Clock
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
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


class UpdatePaymentCard:
    """Change a card's holder name, weight or active switch (PATCH).

    Rules: only the fields sent change, each validated; the number and the
    success/failure counters are not editable (a new number is a new card);
    another tenant's card is not found; a request that changes nothing writes
    nothing.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, data: UpdatePaymentCardInput) -> PaymentCard:
        changes = given(data, skip=("tenant_id", "card_id", "actor"))
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            card = await require_card(uow.cards, data.card_id, for_update=True)
            revised = card.revise(changes)
            if revised == card:
                return card
            await uow.cards.save(revised)
            before = ", ".join(f"{k}={getattr(card.details, k)}" for k in sorted(changes))
            after = ", ".join(f"{k}={v}" for k, v in sorted(changes.items()))
            target, now = f"card:{card.id}", self._clock.now()
            await audit_in(uow, data.actor, "card.update", target, now, before=before, after=after)
            await uow.commit()
        return revised
