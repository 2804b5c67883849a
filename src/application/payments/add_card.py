from __future__ import annotations

from dataclasses import dataclass

from src.application.audit.audit_trail import audit_in
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.payments.card import CardDetails, PaymentCard, normalize_card_number


@dataclass(frozen=True, slots=True)
class AddPaymentCardInput:
    tenant_id: TenantId
    card_number: str
    details: CardDetails
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here

    def __repr__(self) -> str:  # the number never reaches a log line
        return f"AddPaymentCardInput(tenant_id={self.tenant_id}, details={self.details!r})"


class AddPaymentCard:
    """Add a card that card-to-card top-ups can be paid to.

    Rules: the number is normalized (spaces and dashes dropped) and must be 16 to
    19 digits passing the Luhn check; the holder and weight are validated; the
    same number twice in one tenant is a conflict (409), in two tenants it is
    fine; counters start at zero.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, data: AddPaymentCardInput) -> PaymentCard:
        number = normalize_card_number(data.card_number)
        details = data.details.checked()
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            now = self._clock.now()
            card = await uow.cards.add(number, details, now)
            target = f"card:{card.id}"
            await audit_in(uow, data.actor, "card.add", target, now, after=card.masked())
            await uow.commit()
        return card
