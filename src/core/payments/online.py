"""Online top-ups through a payment provider (YooKassa, Crypto Pay): docs/payments.md,
"Online providers".

Rules:
- a payment is created at the provider first; only an invoice the provider accepted
  becomes a `pending` row (a provider that is down leaves nothing behind);
- the provider's word is final: `succeeded` credits once, whatever the local status
  (an invoice expired here but paid there is credited, and the user is told);
  `canceled` / `expired` close a pending row; a credited row never goes back;
- a provider payment is credited only when its amount, currency and metadata (the
  tenant and the payer) are exactly those of the row: anything else is a forgery;
- the ledger key is `{provider}:{provider payment id}`, so every notification, poll
  and replay of one payment credits at most once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from src.core.errors import ExternalServiceError, Unauthenticated, ValidationError
from src.core.ids import PlanId, ShopUserId, TenantId
from src.core.money import CURRENCY_EXPONENTS

YOOKASSA, CRYPTOPAY = "yookassa", "cryptopay"
PROVIDERS: tuple[str, ...] = (YOOKASSA, CRYPTOPAY)
_PAYMENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")  # YooKassa: UUID-like; Crypto Pay: digits


class OnlineStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"
    EXPIRED = "expired"


class UnknownProvider(ValidationError):
    code = "unknown_payment_provider"


class ProviderUnavailable(ExternalServiceError):
    """The provider's API did not answer in time or answered with an error."""

    code = "payment_provider_unavailable"


class ForgedNotification(Unauthenticated):
    """A notification that does not prove it comes from the provider."""

    code = "forged_notification"


def check_provider(name: str) -> str:
    if name not in PROVIDERS:
        raise UnknownProvider(f"unknown payment provider {name!r}", field="provider")
    return name


def valid_payment_id(value: object) -> bool:
    """A provider payment id Fleet stores: 1-64 of `A-Za-z0-9_.:-` (never NUL, never
    a control character, never longer than the column)."""
    return isinstance(value, str) and _PAYMENT_ID.fullmatch(value) is not None


def ledger_key(provider: str, payment_id: str) -> str:
    return f"{provider}:{payment_id}"


def major_text(amount: int, currency: str) -> str:
    """Minor units -> the providers' decimal string ("100.00" for 10000 RUB)."""
    exponent = CURRENCY_EXPONENTS[currency]
    return f"{Decimal(amount).scaleb(-exponent):.{exponent}f}"


def minor_of(text: str, currency: str) -> int | None:
    """The providers' decimal string -> minor units; None when not exact or not a number."""
    try:
        exact = Decimal(text).scaleb(CURRENCY_EXPONENTS[currency])
    except (InvalidOperation, KeyError, TypeError):
        return None
    if not exact.is_finite() or exact != exact.to_integral_value():
        return None
    return int(exact)


@dataclass(frozen=True, slots=True)
class ProviderPayment:
    """What the provider says of a payment (re-read from its API or in a signed update)."""

    payment_id: str
    status: OnlineStatus
    amount: int | None  # minor units of `currency`; None: not a number we can take
    currency: str
    tenant_id: int | None  # from the payment's metadata
    telegram_id: int | None


@dataclass(frozen=True, slots=True)
class OnlinePayment:
    id: int
    tenant_id: TenantId
    user_id: ShopUserId
    telegram_id: int
    provider: str
    payment_id: str
    amount: int
    currency: str
    status: OnlineStatus
    plan_id: PlanId | None
    created_at: datetime
    updated_at: datetime

    @property
    def key(self) -> str:
        return ledger_key(self.provider, self.payment_id)

    def matches(self, seen: ProviderPayment) -> bool:
        """The provider's payment is this row's: same id, amount, currency, tenant, payer."""
        return (
            seen.payment_id == self.payment_id
            and seen.amount == self.amount
            and seen.currency == self.currency
            and seen.tenant_id == self.tenant_id
            and seen.telegram_id == self.telegram_id
        )

    def next_status(self, seen: ProviderPayment) -> OnlineStatus | None:
        """The status to store after the provider spoke; None: nothing changes."""
        if self.status is OnlineStatus.SUCCEEDED or seen.status is self.status:
            return None
        if seen.status is OnlineStatus.PENDING:
            return None
        if seen.status is OnlineStatus.SUCCEEDED:
            return OnlineStatus.SUCCEEDED
        return seen.status if self.status is OnlineStatus.PENDING else None
