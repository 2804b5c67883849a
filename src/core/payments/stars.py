"""Top-ups paid in Telegram Stars (docs/payments.md#telegram-stars).

Rules:
- the tenant's `stars_rate` is the price of one Star in minor units of the
  platform currency; an amount costs `ceil(amount / rate)` Stars, and what is
  credited is what was paid: `stars * rate` (never less than asked);
- the invoice payload carries the payer, the Stars, the rate and the purchase to
  finish (0: none), so the payment is checked against what was offered, not
  against a rate changed in between: `stars:{user}:{stars}:{rate}:{plan}:{nonce}`;
- the credit's idempotency key is the `telegram_payment_charge_id`, so the same
  payment delivered twice is credited once.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from src.core.errors import ValidationError

CURRENCY = "XTR"
MAX_STARS = 100_000
_PAYLOAD = re.compile(r"stars:(\d{1,19}):(\d{1,7}):(\d{1,10}):(\d{1,19}):([0-9a-f]{8,32})")


class InvalidStarsPayment(ValidationError):
    code = "invalid_stars_payment"


def stars_for(amount: int, rate: int) -> int:
    if amount <= 0 or rate <= 0:
        raise ValueError("amount and rate must be positive")
    return -(-amount // rate)


@dataclass(frozen=True, slots=True)
class StarsPayload:
    telegram_id: int
    stars: int
    rate: int
    plan_id: int = 0
    nonce: str = ""

    @classmethod
    def offer(cls, telegram_id: int, amount: int, rate: int, plan_id: int = 0) -> StarsPayload:
        stars = stars_for(amount, rate)
        if stars > MAX_STARS:
            raise InvalidStarsPayment(f"at most {MAX_STARS} Stars per payment", field="amount")
        return cls(telegram_id, stars, rate, plan_id, secrets.token_hex(6))

    @property
    def credit(self) -> int:
        return self.stars * self.rate

    def encode(self) -> str:
        return f"stars:{self.telegram_id}:{self.stars}:{self.rate}:{self.plan_id}:{self.nonce}"

    @classmethod
    def parse(cls, payload: str) -> StarsPayload:
        match = _PAYLOAD.fullmatch(payload or "")
        if match is None:
            raise InvalidStarsPayment("not an invoice of this shop", field="invoice_payload")
        user, stars, rate, plan, nonce = match.groups()
        parsed = cls(int(user), int(stars), int(rate), int(plan), nonce)
        if not (0 < parsed.stars <= MAX_STARS and parsed.rate > 0):
            raise InvalidStarsPayment("not an invoice of this shop", field="invoice_payload")
        return parsed

    def matches(self, telegram_id: int, currency: str, total_amount: int) -> bool:
        """The payment is for this payload: same payer, Stars, and number of Stars."""
        return (
            telegram_id == self.telegram_id and currency == CURRENCY and total_amount == self.stars
        )
