"""The tenant wallet (docs/billing.md): stored settings, balance, append-only ledger rows.

Rules:
- Every change of the balance is one ledger row (kind, signed amount, balance
  after, reference, idempotency key unique per tenant); the balance is the sum of
  the rows. It may go negative: sales are bounded by the credit limit
  (`check_sale`), consumption is not bounded (it suspends instead).
- Kinds: `top_up` (+, master only), `sale_charge` (-, or 0 when the sale only
  prepaid bytes at a zero rate), `trial_charge` (the same for a free trial's
  traffic), `traffic_charge` (-), `refund` (+, reverses a
  sale charge), `adjustment` (either sign).
- `traffic_bytes` on a row: the bytes a sale prepaid, the bytes a traffic charge
  billed, minus the prepaid bytes of the sale a refund reverses.
- Stored settings: `model` and `rate_per_gb` None mean "the platform default"
  (`BillingDefaults`), so a change of FLEET_BILLING_* reaches every tenant that
  never had its own value. `unlimited_wholesale_price` None means not set; with
  an effective rate of 0 (billing off) it is 0, so a deployment that bills
  nothing still sells unlimited plans; with a positive rate an unset price keeps
  unlimited plans unsellable under `sale` (docs/billing.md).
- `traffic_carry`: the consumption job's not-yet-charged money, in 1/GiB of a
  minor unit, in [0, GiB). It is pooled per tenant (not per panel user), so the
  sum of a tenant's traffic charges is exactly floor(billed bytes * rate / GiB)
  plus what was carried in; per-user remainders would leave up to one minor unit
  per user unbilled for ever.
- Low-balance warning, once per crossing: `low_balance_pending` turns on when a
  row takes the balance from >= the threshold to < it (`crossed_below`), off when
  a row leaves it >= the threshold (the crossing is over, warned or not) or when
  the warning is delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from src.core.billing.settings import GIB, BillingModel, BillingSettings
from src.core.billing.thresholds import crossed_below
from src.core.errors import ValidationError
from src.core.ids import TenantId

KEY_MAX = 200
REFERENCE_MAX = 200


class WalletKind(StrEnum):
    TOP_UP = "top_up"
    SALE_CHARGE = "sale_charge"
    TRIAL_CHARGE = "trial_charge"
    TRAFFIC_CHARGE = "traffic_charge"
    REFUND = "refund"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True, slots=True)
class BillingDefaults:
    """The platform's defaults (FLEET_BILLING_MODEL, FLEET_BILLING_RATE_PER_GB)."""

    model: BillingModel = BillingModel.SALE
    rate_per_gb: int = 0


@dataclass(frozen=True, slots=True)
class WalletSettings:
    """A tenant's stored billing settings (None: the platform default, see the module)."""

    model: BillingModel | None = None
    rate_per_gb: int | None = None
    hybrid_prepay_percent: int = 0
    unlimited_wholesale_price: int | None = None
    credit_limit: int = 0
    low_balance_threshold: int = 0
    suspend_threshold: int = 0

    def effective(self, defaults: BillingDefaults) -> BillingSettings:
        rate = defaults.rate_per_gb if self.rate_per_gb is None else self.rate_per_gb
        wholesale = self.unlimited_wholesale_price
        if wholesale is None and rate == 0:
            wholesale = 0
        return BillingSettings(
            model=self.model or defaults.model,
            rate_per_gb=rate,
            hybrid_prepay_percent=self.hybrid_prepay_percent,
            unlimited_wholesale_price=wholesale,
            credit_limit=self.credit_limit,
            low_balance_threshold=self.low_balance_threshold,
            suspend_threshold=self.suspend_threshold,
        )


@dataclass(frozen=True, slots=True)
class Wallet:
    tenant_id: TenantId
    balance: int
    settings: WalletSettings
    traffic_carry: int = 0
    low_balance_pending: bool = False
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.traffic_carry < GIB:
            raise ValueError("traffic_carry must be in [0, GiB)")

    @classmethod
    def empty(cls, tenant_id: TenantId) -> Wallet:
        """The wallet of a tenant that has no wallet row yet."""
        return cls(tenant_id, 0, WalletSettings())


@dataclass(frozen=True, slots=True)
class WalletPosting:
    """A ledger row to append: positive credits, negative debits."""

    kind: WalletKind
    amount: int
    reference: str
    idempotency_key: str
    traffic_bytes: int = 0
    panel_username: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValidationError("amount must be an integer", field="amount")
        if not 1 <= len(self.idempotency_key) <= KEY_MAX:
            raise ValidationError(
                f"idempotency key must be 1-{KEY_MAX} characters", field="idempotency_key"
            )
        if len(self.reference) > REFERENCE_MAX:
            raise ValidationError(
                f"reference must be at most {REFERENCE_MAX} characters", field="reference"
            )


@dataclass(frozen=True, slots=True)
class WalletEntry:
    id: int
    kind: WalletKind
    amount: int
    balance_after: int
    traffic_bytes: int
    panel_username: str | None
    reference: str
    idempotency_key: str
    created_at: datetime

    @property
    def balance_before(self) -> int:
        return self.balance_after - self.amount


class DuplicateWalletPosting(Exception):
    """The idempotency key was used before in this tenant's wallet: it already happened."""


def low_balance_pending(pending: bool, before: int, after: int, threshold: int) -> bool:
    """The low-balance flag after one ledger row moved the balance from `before` to `after`."""
    if crossed_below(before, after, threshold):
        return True
    if after >= threshold:
        return False
    return pending
