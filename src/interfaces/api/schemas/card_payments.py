"""Card-to-card payments under review (docs/payments.md#card-to-card)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from src.application.payments.card_payment_queries import CardPaymentPage
from src.application.payments.decide_card_payment import Decision
from src.core.payments.card_payment import NOTE_MAX, CardPayment
from src.interfaces.api.schemas.common import Input

Note = Annotated[str, Meta(max_length=NOTE_MAX, description="told to the user with the outcome")]


class CardPaymentOut(msgspec.Struct):
    id: int
    user_id: int
    amount: int
    tracking_number: str
    status: str
    card_id: int | None
    card_masked: str
    receipt_kind: str
    receipt_text: str | None
    receipt_photo: bool
    plan_id: int | None
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, p: CardPayment) -> CardPaymentOut:
        return cls(
            id=p.id,
            user_id=p.user_id,
            amount=p.amount,
            tracking_number=p.tracking_number,
            status=p.status.value,
            card_id=p.card_id,
            card_masked=p.card_masked,
            receipt_kind=p.receipt.kind.value,
            receipt_text=p.receipt.text,
            receipt_photo=p.receipt.photo_file_id is not None,
            plan_id=p.plan_id,
            decided_by=p.decided_by,
            decided_at=p.decided_at,
            note=p.note,
            created_at=p.created_at,
            expires_at=p.expires_at,
        )


class CardPaymentPageOut(msgspec.Struct):
    """Newest first."""

    items: list[CardPaymentOut]
    total: int

    @classmethod
    def of(cls, page: CardPaymentPage) -> CardPaymentPageOut:
        return cls([CardPaymentOut.of(p) for p in page.items], page.total)


class DecisionOut(msgspec.Struct):
    payment: CardPaymentOut
    balance: int | None  # the user's balance after an approval

    @classmethod
    def of(cls, decision: Decision) -> DecisionOut:
        return cls(CardPaymentOut.of(decision.payment), decision.balance)


class RejectIn(Input):
    note: Note | UnsetType = UNSET
