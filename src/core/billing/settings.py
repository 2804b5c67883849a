"""A tenant's billing settings and the traffic unit of billing (docs/billing.md).

Rules:
- Traffic unit: GiB = 1024**3 bytes, everywhere in billing. A plan's
  `traffic_gb` is that many GiB (`gib_to_bytes`, which provisioning must use for
  the panel's byte limit too) and `rate_per_gb` is the price of one GiB.
- Every amount is an int in minor units of the platform currency; never a float.
- `model`: a `BillingModel` (sale | consumption | hybrid).
- `rate_per_gb`: int, 0 to 10^12 minor units per GiB.
- `hybrid_prepay_percent`: int, 0 to 100; the share of a plan's traffic charged at
  sale under `hybrid` (validated under every model, used only by `hybrid`).
- `unlimited_wholesale_price`: None (not set) or int, 0 to 10^12; the price of
  one sale of an unlimited plan (traffic_gb == 0) under `sale`, charged once per
  sale whatever the plan's period_days. None: such a plan cannot be sold under
  `sale`.
- `credit_limit`: int, 0 to 10^12 (default 0); a sale may take the wallet down
  to exactly -credit_limit, never below.
- `low_balance_threshold`: int, -10^12 to 10^12 (default 0); the admins are
  warned when one ledger row takes the balance from >= it to < it.
- `suspend_threshold`: int, -10^12 to 10^12, may be negative (default 0); a
  consumption charge leaving the balance < it suspends the tenant, a balance
  >= it (after a top-up) resumes it.
- `validate()` raises `ValidationError` naming the first offending field (bools
  are not ints here). No rule ties the fields to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from src.core.errors import ValidationError

GIB = 1024**3
"""Bytes in one GiB, the unit of `traffic_gb` and `rate_per_gb`."""

AMOUNT_MAX = 10**12
"""Bound of every settings amount: a sale charge (at most 10^6 GiB * 10^12) fits a bigint."""


class BillingModel(StrEnum):
    """How a tenant pays for the traffic it resells.

    - `sale`: the whole plan traffic is charged when a plan is sold;
    - `consumption`: nothing at sale, the metered traffic is charged by a job;
    - `hybrid`: a share of the plan traffic at sale, metered traffic beyond the
      prepaid bytes by the job.
    """

    SALE = "sale"
    CONSUMPTION = "consumption"
    HYBRID = "hybrid"


def gib_to_bytes(traffic_gb: int) -> int:
    """Bytes in `traffic_gb` GiB (0 stays 0: unlimited)."""
    return traffic_gb * GIB


def _check_int(value: object, field: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be an integer", field=field)
    if not low <= value <= high:
        raise ValidationError(f"{field} must be from {low} to {high}", field=field)


@dataclass(frozen=True, slots=True)
class BillingSettings:
    """One tenant's billing settings; see the module docstring for every rule."""

    model: BillingModel
    rate_per_gb: int
    hybrid_prepay_percent: int = 0
    unlimited_wholesale_price: int | None = None
    credit_limit: int = 0
    low_balance_threshold: int = 0
    suspend_threshold: int = 0

    def validate(self) -> BillingSettings:
        """Return self when every field is valid, else raise `ValidationError`."""
        if not isinstance(self.model, BillingModel):
            models = ", ".join(m.value for m in BillingModel)
            raise ValidationError(f"model must be one of {models}", field="model")
        _check_int(self.rate_per_gb, "rate_per_gb", 0, AMOUNT_MAX)
        _check_int(self.hybrid_prepay_percent, "hybrid_prepay_percent", 0, 100)
        if self.unlimited_wholesale_price is not None:
            _check_int(self.unlimited_wholesale_price, "unlimited_wholesale_price", 0, AMOUNT_MAX)
        _check_int(self.credit_limit, "credit_limit", 0, AMOUNT_MAX)
        _check_int(self.low_balance_threshold, "low_balance_threshold", -AMOUNT_MAX, AMOUNT_MAX)
        _check_int(self.suspend_threshold, "suspend_threshold", -AMOUNT_MAX, AMOUNT_MAX)
        return self
