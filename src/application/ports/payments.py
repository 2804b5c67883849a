from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from src.core.ids import PaymentCardId
from src.core.payments.card import CardDetails, PaymentCard


class PaymentCardRepository(Protocol):
    """This tenant's payment cards (`tenant_payment_cards`). Bound to one tenant.

    - `list` returns every card ordered by id;
    - `add` raises DuplicatePaymentCard when the tenant already has the number;
    - `save` writes the details (holder, weight, active), the counters and
      `last_used_at` of an existing card; the number never changes;
    - `get` and `delete` see only the bound tenant's cards; `delete` returns
      whether a card was removed;
    - `touch` sets `last_used_at` of cards a rotation handed out and
      `count_outcome` adds one to `success_count` or `failure_count` (a receipt
      decision), each as one atomic change of that column only, so neither ever
      undoes the other.
    """

    async def list(self) -> Sequence[PaymentCard]: ...

    async def get(
        self, card_id: PaymentCardId, *, for_update: bool = False
    ) -> PaymentCard | None: ...

    async def add(self, card_number: str, details: CardDetails, now: datetime) -> PaymentCard: ...

    async def save(self, card: PaymentCard) -> None: ...

    async def delete(self, card_id: PaymentCardId) -> bool: ...

    async def touch(self, card_ids: Sequence[PaymentCardId], now: datetime) -> None: ...

    async def count_outcome(self, card_id: PaymentCardId, *, success: bool) -> None: ...
