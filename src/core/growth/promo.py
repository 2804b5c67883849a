"""Promo codes (docs/growth.md, "Promo codes"): what a code grants and when it may be used.

A code is stored upper-case: entering it is case-insensitive and it is unique per
tenant in that form. Three kinds: `balance` credits minor units, `days` adds days
to the current subscription (or to the next one bought), `discount` takes a
percent off the next purchase while the code is still valid. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from src.core.errors import Conflict, DomainError, NotFound, ValidationError
from src.core.ids import MAX_ID

CODE_PATTERN = re.compile(r"[A-Z0-9_-]{3,32}")
VALUE_MAX = {"balance": 10**12, "days": 3650, "discount": 100}
MAX_USES = 10**9


class PromoKind(StrEnum):
    BALANCE = "balance"
    DAYS = "days"
    DISCOUNT = "discount"


def normalize_code(raw: str) -> str | None:
    """What a user typed -> the stored form, or None when it cannot be a code."""
    code = raw.strip().upper() if isinstance(raw, str) else ""
    return code if CODE_PATTERN.fullmatch(code) else None


def _int(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"{field} must be an integer from {low} to {high}", field=field)
    return value


@dataclass(frozen=True, slots=True)
class PromoTerms:
    """A code as the tenant sets it; `checked()` validates and normalizes it."""

    code: str
    kind: PromoKind
    value: int  # minor units (balance), days (days) or percent (discount)
    max_uses: int | None = None  # None: unlimited
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    active: bool = True

    def checked(self) -> PromoTerms:
        code = normalize_code(self.code)
        if code is None:
            raise ValidationError("code must be 3 to 32 letters, digits, '-' or '_'", field="code")
        try:
            kind = PromoKind(self.kind)
        except ValueError:
            raise ValidationError("kind must be balance, days or discount", field="kind") from None
        if not isinstance(self.active, bool):
            raise ValidationError("active must be true or false", field="active")
        if self.max_uses is not None:
            _int(self.max_uses, "max_uses", 1, MAX_USES)
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_from >= self.valid_until
        ):
            raise ValidationError("valid_from must be before valid_until", field="valid_from")
        value = _int(self.value, "value", 1, VALUE_MAX[kind.value])
        return replace(self, code=code, kind=kind, value=value)

    def valid_at(self, now: datetime) -> bool:
        return (
            self.active
            and (self.valid_from is None or self.valid_from <= now)
            and (self.valid_until is None or now < self.valid_until)
        )


TERM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(PromoTerms))


@dataclass(frozen=True, slots=True)
class PromoCode:
    id: int
    terms: PromoTerms
    uses: int
    created_at: datetime
    updated_at: datetime

    def revise(self, changes: dict[str, Any], now: datetime) -> PromoCode:
        unknown = sorted(set(changes) - set(TERM_FIELDS))
        if unknown:
            raise ValidationError(f"{unknown[0]} is not a promo code field", field=unknown[0])
        terms = replace(self.terms, **changes).checked()
        if terms.max_uses is not None and terms.max_uses < self.uses:
            raise ValidationError("max_uses is below the uses so far", field="max_uses")
        return replace(self, terms=terms, updated_at=now)


@dataclass(frozen=True, slots=True)
class PromoPerk:
    """A redeemed days or discount code waiting for the next purchase."""

    promo_id: int
    kind: PromoKind
    value: int


def discounted(price: int, percent: int) -> int:
    """The price after `percent` off, rounded up: a discount never exceeds its percent."""
    return price - price * percent // 100


def check_promo_id(promo_id: int) -> int:
    return _int(promo_id, "promo_id", 1, MAX_ID)


class PromoCodeNotFound(NotFound):
    code = "promo_code_not_found"


class PromoCodeTaken(Conflict):
    code = "promo_code_taken"


class PromoRefused(DomainError):
    """The code exists for nobody, expired, is used up, or this user used it: the user
    hears one of these reasons (`reason`), an attacker learns nothing more."""

    code = "promo_refused"

    def __init__(self, reason: str) -> None:
        super().__init__(f"promo code refused: {reason}")
        self.reason = reason  # unknown, expired, used_up, already_used


class TooManyPromoAttempts(DomainError):
    code = "too_many_promo_attempts"
