"""Money in integer minor units. No floats anywhere near money."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from src.core.errors import CurrencyMismatch, ValidationError

# ISO 4217 minor-unit exponents of the currencies a deployment may choose, plus
# XTR (Telegram Stars, indivisible). Extend here, never infer.
CURRENCY_EXPONENTS: dict[str, int] = {
    "RUB": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "IRR": 0,
    "IRT": 0,
    "UAH": 2,
    "KZT": 2,
    "TRY": 2,
    "AED": 2,
    "CNY": 2,
    "INR": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "BHD": 3,
    "USDT": 2,
    "XTR": 0,
}


def check_currency(code: str) -> str:
    """Return the code if it is a known currency, else raise ValidationError."""
    if code not in CURRENCY_EXPONENTS:
        raise ValidationError(f"unknown currency {code!r}", field="currency")
    return code


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in the minor units of one currency (kopecks for RUB)."""

    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValidationError("amount must be an integer in minor units", field="amount")
        check_currency(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Self:
        return cls(0, currency)

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money arithmetic needs Money")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def times(self, factor: int) -> Money:
        """Multiply by an integer (a count, never a float rate)."""
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an int")
        return Money(self.amount * factor, self.currency)

    def is_negative(self) -> bool:
        return self.amount < 0

    def format(self) -> str:
        """Human form, e.g. `1,234.50 RUB`; exact (string arithmetic, no float)."""
        exp = self.exponent
        sign = "-" if self.amount < 0 else ""
        whole, frac = divmod(abs(self.amount), 10**exp) if exp else (abs(self.amount), 0)
        text = f"{whole:,}"
        if exp:
            text += "." + str(frac).rjust(exp, "0")
        return f"{sign}{text} {self.currency}"

    def __str__(self) -> str:
        return self.format()


def mul_div_round_half_up(value: int, numerator: int, denominator: int) -> int:
    """`value * numerator / denominator` rounded half away from zero, in integers.

    The one rounding rule for applying a rate to an amount (e.g. a price per GB to a
    byte count). Callers that must not lose the remainder use `divmod` themselves.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    product = value * numerator
    quotient, remainder = divmod(abs(product), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if product >= 0 else -quotient
