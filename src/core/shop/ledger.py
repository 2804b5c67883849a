"""The user balance ledger (docs/shop.md#balance-and-ledger): append-only, balance never below zero.

Every change of a balance is one row: kind, signed amount, balance after,
reference, and an idempotency key unique per tenant, so the same external
payment or the same renewal period can never be applied twice (the database
refuses the second row; no code check is trusted for that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from src.core.errors import ValidationError
from src.core.ids import ShopUserId

MAX_AMOUNT = 10**12


class LedgerKind(StrEnum):
    TOP_UP = "top_up"
    PURCHASE = "purchase"
    RENEWAL = "renewal"
    REFUND = "refund"
    ADJUSTMENT = "adjustment"
    REFERRAL_BONUS = "referral_bonus"
    PROMO = "promo"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    user_id: ShopUserId
    kind: LedgerKind
    amount: int
    balance_after: int
    reference: str
    idempotency_key: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Posting:
    """A change to post: positive credits, negative debits."""

    kind: LedgerKind
    amount: int
    reference: str
    idempotency_key: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValidationError("amount must be an integer", field="amount")
        if self.amount == 0 or abs(self.amount) > MAX_AMOUNT:
            raise ValidationError(
                f"amount must be non-zero and at most {MAX_AMOUNT}", field="amount"
            )
        if not self.idempotency_key or len(self.idempotency_key) > 200:
            raise ValidationError(
                "idempotency key must be 1-200 characters", field="idempotency_key"
            )


class DuplicatePosting(Exception):
    """The idempotency key was used before: the posting already happened."""
