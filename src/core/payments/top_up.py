"""Top-up amounts (docs/payments.md): what a user types, and the range a payment method allows.

Rules:
- a user types an amount in major units ("500", "1 250.50", "۵۰۰", "1,000");
  it is stored in minor units of the platform currency, exactly (no float);
- a single "." or "٫" is the decimal point ("700.555" is seven hundred and a bit,
  never 700 555); a single "," is the decimal point too ("500,50"), except when
  exactly three digits follow it in a currency with fewer minor units ("1,000"
  RUB is one thousand);
- "." and "," also group thousands: with both present ("1,000.50", "1.000,50")
  the last one is the decimal point; one of them repeated ("1,000,000") only
  groups;
- more decimals than the currency has minor units are rounded half up to the
  minor unit ("700.555" RUB is 700.56), and the result says it was rounded;
- spaces, "_", "'" and the Arabic "٬" group digits and are ignored;
- each method's flag config holds `min_amount` and `max_amount` (minor units);
  an amount outside them is refused naming both bounds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from src.core.errors import ValidationError
from src.core.money import CURRENCY_EXPONENTS

_GROUPING = str.maketrans("", "", " \u00a0\u202f_'\u066c")
_SEPARATORS = ".,\u066b"


class InvalidAmount(ValidationError):
    code = "invalid_amount"


class AmountOutOfRange(ValidationError):
    code = "amount_out_of_range"

    def __init__(self, amount: int, low: int, high: int) -> None:
        super().__init__(f"amount must be from {low} to {high}", field="amount")
        self.amount, self.low, self.high = amount, low, high


def _ascii_digits(text: str) -> str:
    out = []
    for char in text:
        if char in _SEPARATORS:
            out.append(char)
            continue
        value = unicodedata.decimal(char, None)
        if value is None:
            raise InvalidAmount("an amount holds only digits", field="amount")
        out.append(str(value))
    return "".join(out)


def _grouped(groups: list[str]) -> str:
    """`1,000,000` -> `1000000`; groups after the first have three digits."""
    head, rest = groups[0], groups[1:]
    if not 1 <= len(head) <= 3 or head.startswith("0") or any(len(g) != 3 for g in rest):
        raise InvalidAmount("not an amount", field="amount")
    return "".join(groups)


@dataclass(frozen=True, slots=True)
class TypedAmount:
    """What the user typed, in minor units; `rounded`: it had more decimals than that."""

    minor: int
    rounded: bool = False


def parse_amount(text: str, currency: str) -> TypedAmount:
    """`text` in major units -> minor units of `currency`; InvalidAmount when not a number."""
    exponent = CURRENCY_EXPONENTS[currency]
    cleaned = _ascii_digits(text.strip().translate(_GROUPING)).replace("\u066b", ".")
    if not re.fullmatch(r"\d+([.,]\d+)*", cleaned) or len(cleaned) > 30:
        raise InvalidAmount("not an amount", field="amount")
    kinds = [char for char in cleaned if char in ".,"]
    whole, fraction = cleaned, ""
    if len(set(kinds)) == 2:  # 1,000.50 or 1.000,50: the last kind is the decimal point
        point = kinds[-1]
        if kinds.count(point) != 1:
            raise InvalidAmount("not an amount", field="amount")
        head, fraction = cleaned.rsplit(point, 1)
        whole = _grouped(re.split("[.,]", head))
    elif len(kinds) > 1:  # 1,000,000: grouping only
        whole = _grouped(cleaned.split(kinds[0]))
    elif kinds:
        head, tail = cleaned.split(kinds[0])
        if kinds[0] == "," and len(tail) == 3 and exponent < 3:  # 1,000 RUB: one thousand
            whole = _grouped([head, tail])
        else:
            whole, fraction = head, tail
    exact = Decimal(f"{int(whole)}.{fraction or 0}").scaleb(exponent)
    minor = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return TypedAmount(minor, rounded=minor != exact)


@dataclass(frozen=True, slots=True)
class TopUpLimits:
    """The amounts a payment method takes, from its flag's config (minor units)."""

    min_amount: int
    max_amount: int

    @classmethod
    def of(cls, config: Any) -> TopUpLimits:
        return cls(int(config["min_amount"]), int(config["max_amount"]))

    def check(self, amount: int) -> int:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise InvalidAmount("amount must be an integer", field="amount")
        if not self.min_amount <= amount <= self.max_amount:
            raise AmountOutOfRange(amount, self.min_amount, self.max_amount)
        return amount

    def at_least_min(self, amount: int) -> int:
        """A missing amount smaller than the method's minimum is topped up to the minimum
        (the caller says so: the user pays more than they lack, the rest stays theirs)."""
        return max(amount, self.min_amount)
