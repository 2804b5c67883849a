"""Payment cards of a tenant for card-to-card top-ups (docs/payments.md#card-rotation).

Rules:
- the number is entered with optional spaces or dashes; what is stored is 16 to
  19 digits that pass the Luhn check; unique per tenant (the repository: 409);
- the holder name is 1 to 100 characters, no control characters;
- weight is 1 to 100 (default 1) and feeds the `weighted` rotation strategy;
- success and failure counts start at 0 and only grow (receipt decisions);
- the number is secret-ish: shown in full only to its tenant and the platform
  owner, everywhere else (logs, lists meant for others) as `masked()`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from src.core.errors import InvalidCardNumber, ValidationError
from src.core.ids import PaymentCardId
from src.core.text import check_line

HOLDER_MAX = 100
WEIGHT_MIN, WEIGHT_MAX = 1, 100
DIGITS_MIN, DIGITS_MAX = 16, 19


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def normalize_card_number(raw: str) -> str:
    """The stored form: digits only. Raises InvalidCardNumber naming `card_number`."""
    if not isinstance(raw, str):
        raise InvalidCardNumber("card number must be a string", field="card_number")
    digits = raw.strip().replace(" ", "").replace("-", "")
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidCardNumber("card number may hold only digits", field="card_number")
    if not DIGITS_MIN <= len(digits) <= DIGITS_MAX:
        raise InvalidCardNumber(
            f"card number must have {DIGITS_MIN} to {DIGITS_MAX} digits", field="card_number"
        )
    if not luhn_valid(digits):
        raise InvalidCardNumber("card number fails the Luhn check", field="card_number")
    return digits


def mask_card_number(digits: str) -> str:
    """`6037 **** **** 1234`: the first and last four digits only."""
    return f"{digits[:4]} **** **** {digits[-4:]}"


def check_weight(weight: Any) -> int:
    if isinstance(weight, bool) or not isinstance(weight, int):
        raise ValidationError("weight must be an integer", field="weight")
    if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        raise ValidationError(f"weight must be from {WEIGHT_MIN} to {WEIGHT_MAX}", field="weight")
    return weight


@dataclass(frozen=True, slots=True)
class CardDetails:
    """The editable part of a card; `checked()` validates and normalizes it."""

    holder_name: str
    weight: int = 1
    active: bool = True

    def checked(self) -> CardDetails:
        if not isinstance(self.active, bool):
            raise ValidationError("active must be true or false", field="active")
        return CardDetails(
            holder_name=check_line(self.holder_name, "holder_name", max_length=HOLDER_MAX),
            weight=check_weight(self.weight),
            active=self.active,
        )


DETAIL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CardDetails))


@dataclass(frozen=True, slots=True)
class PaymentCard:
    id: PaymentCardId
    card_number: str
    details: CardDetails
    created_at: datetime
    success_count: int = 0
    failure_count: int = 0
    last_used_at: datetime | None = None

    def __repr__(self) -> str:  # never the full number in a traceback or a log line
        return f"PaymentCard(id={self.id}, number={self.masked()!r}, details={self.details!r})"

    def masked(self) -> str:
        return mask_card_number(self.card_number)

    def revise(self, changes: dict[str, Any]) -> PaymentCard:
        """A copy with `changes` (detail name -> value) applied and validated."""
        unknown = sorted(set(changes) - set(DETAIL_FIELDS))
        if unknown:
            raise ValidationError(f"{unknown[0]} is not a card field", field=unknown[0])
        return replace(self, details=replace(self.details, **changes).checked())
