"""In-memory twin of the payment card repository (kept equal by tests/contract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from src.core.errors import DuplicatePaymentCard
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import CardDetails, PaymentCard
from src.infrastructure.memory.tenancy import DataRef


class InMemoryPaymentCardRepository:
    def __init__(self, data: DataRef, tenant_id: TenantId) -> None:
        self._data, self._tenant_id = data, tenant_id

    def _mine(self) -> list[PaymentCard]:
        return [c for (tid, _), c in self._data().cards.items() if tid == self._tenant_id]

    async def list(self) -> Sequence[PaymentCard]:
        return sorted(self._mine(), key=lambda c: c.id)

    async def get(self, card_id: PaymentCardId, *, for_update: bool = False) -> PaymentCard | None:
        return self._data().cards.get((self._tenant_id, card_id))

    async def add(self, card_number: str, details: CardDetails, now: datetime) -> PaymentCard:
        if any(c.card_number == card_number for c in self._mine()):
            raise DuplicatePaymentCard("this card is already registered")
        data = self._data()
        card = PaymentCard(PaymentCardId(data.next_card_id), card_number, details, now)
        data.next_card_id += 1
        data.cards[(self._tenant_id, card.id)] = card
        return card

    async def save(self, card: PaymentCard) -> None:
        key = (self._tenant_id, card.id)
        old = self._data().cards.get(key)
        if old is not None:  # the number and the creation time never change
            self._data().cards[key] = replace(
                card, card_number=old.card_number, created_at=old.created_at
            )

    async def delete(self, card_id: PaymentCardId) -> bool:
        return self._data().cards.pop((self._tenant_id, card_id), None) is not None

    async def touch(self, card_ids: Sequence[PaymentCardId], now: datetime) -> None:
        for card_id in card_ids:
            key = (self._tenant_id, card_id)
            if (card := self._data().cards.get(key)) is not None:
                self._data().cards[key] = replace(card, last_used_at=now)

    async def count_outcome(self, card_id: PaymentCardId, *, success: bool) -> None:
        key = (self._tenant_id, card_id)
        if (card := self._data().cards.get(key)) is None:
            return
        if success:
            self._data().cards[key] = replace(card, success_count=card.success_count + 1)
        else:
            self._data().cards[key] = replace(card, failure_count=card.failure_count + 1)
