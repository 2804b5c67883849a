"""What a plan sale costs the tenant wallet, and whether the wallet admits it (docs/billing.md).

Rules of `sale_charge(settings, traffic_gb, period_days)` (traffic_gb is in GiB,
0 = unlimited; amounts in minor units of the platform currency):
- `sale`, limited plan: amount = traffic_gb * rate_per_gb, exactly;
  prepaid_bytes = traffic_gb * GiB (all of it is paid, so a later switch to a
  metered model must not bill it again).
- `sale`, unlimited plan: amount = unlimited_wholesale_price, once per sale
  whatever period_days is; prepaid_bytes = 0 (nothing finite to prepay, and a
  `sale` tenant is not metered). Without a wholesale price the plan cannot be
  sold: `UnlimitedPlanNotSellable` ("unlimited_plan_needs_wholesale_price").
- `hybrid`: with p = hybrid_prepay_percent,
  amount = mul_div_round_half_up(traffic_gb * rate_per_gb, p, 100) (exact share
  rounded half up to a whole minor unit, the one rounding rule of money.py);
  prepaid_bytes = traffic_gb * GiB * p // 100 (floor to a whole byte). An
  unlimited plan is sellable under hybrid with amount 0 and prepaid_bytes 0: all
  its traffic is billed by consumption.
- `consumption`: amount 0, prepaid_bytes 0, for limited and unlimited plans.
- traffic_gb must be an int >= 0 and period_days an int >= 1 (ValueError).

Rule of `check_sale(balance, charge, credit_limit)`: a charge of 0 always passes
(even when the balance is already below -credit_limit); a positive charge passes
iff balance - charge >= -credit_limit, else `WalletLimitReached`
("wallet_credit_limit") and the caller charges nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from src.core.billing.settings import GIB, BillingModel, BillingSettings
from src.core.billing.wallet import WalletKind
from src.core.errors import Conflict
from src.core.money import mul_div_round_half_up


class UnlimitedPlanNotSellable(Conflict):
    """An unlimited plan under the `sale` model without a wholesale price."""

    code = "unlimited_plan_needs_wholesale_price"


class WalletLimitReached(Conflict):
    """The sale would take the tenant wallet below its credit limit.

    `charge` is what the sale costs, `available` what the wallet may still spend
    (balance + credit_limit, possibly negative), both in minor units.
    """

    code = "wallet_credit_limit"

    def __init__(self, message: str, *, charge: int, available: int) -> None:
        super().__init__(message)
        self.charge = charge
        self.available = available


@dataclass(frozen=True, slots=True)
class SoldTraffic:
    """What one sale sells, as the tenant wallet sees it: a plan, or a trial (whose
    traffic is sold like a plan's, as a `trial_charge`).

    `label` names it to the tenant's admins when the sale is refused; `reference`
    is the ledger row's reference (`plan:{id}`, `trial`).
    """

    label: str
    reference: str
    traffic_gb: int  # GiB, 0 = unlimited
    period_days: int
    kind: WalletKind = WalletKind.SALE_CHARGE


@dataclass(frozen=True, slots=True)
class SaleCharge:
    """The wallet charge of one sale and the bytes it prepaid.

    `prepaid_bytes` is what the consumption side must not bill again for this
    panel user (add it to the user's `MeterState`).
    """

    amount: int
    prepaid_bytes: int


def _check_count(value: int, name: str, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}")


def sale_charge(settings: BillingSettings, traffic_gb: int, period_days: int) -> SaleCharge:
    """The charge for selling one plan of `traffic_gb` GiB (0 = unlimited)."""
    settings.validate()
    _check_count(traffic_gb, "traffic_gb", 0)
    _check_count(period_days, "period_days", 1)
    full_price = traffic_gb * settings.rate_per_gb
    if settings.model is BillingModel.SALE:
        if traffic_gb > 0:
            return SaleCharge(full_price, traffic_gb * GIB)
        if settings.unlimited_wholesale_price is None:
            raise UnlimitedPlanNotSellable(
                "an unlimited plan needs a wholesale price under the sale billing model"
            )
        return SaleCharge(settings.unlimited_wholesale_price, 0)
    if settings.model is BillingModel.HYBRID:
        percent = settings.hybrid_prepay_percent
        return SaleCharge(
            mul_div_round_half_up(full_price, percent, 100),
            traffic_gb * GIB * percent // 100,
        )
    return SaleCharge(0, 0)


def check_sale(balance: int, charge: int, credit_limit: int) -> None:
    """Raise `WalletLimitReached` unless the wallet may pay `charge` now."""
    _check_count(charge, "charge", 0)
    _check_count(credit_limit, "credit_limit", 0)
    if charge == 0 or balance - charge >= -credit_limit:
        return
    raise WalletLimitReached(
        "the wallet's balance and credit limit do not cover this sale",
        charge=charge,
        available=balance + credit_limit,
    )
