"""Pure billing rules of the tenant wallet (docs/billing.md): settings, sale charges and
admission, byte-exact consumption metering, balance thresholds. No I/O."""

from src.core.billing.charges import (
    SaleCharge,
    UnlimitedPlanNotSellable,
    WalletLimitReached,
    check_sale,
    sale_charge,
)
from src.core.billing.metering import MeterBill, MeterState, bill_reading
from src.core.billing.settings import GIB, BillingModel, BillingSettings, gib_to_bytes
from src.core.billing.thresholds import crossed_below, should_resume, should_suspend

__all__ = [
    "GIB",
    "BillingModel",
    "BillingSettings",
    "MeterBill",
    "MeterState",
    "SaleCharge",
    "UnlimitedPlanNotSellable",
    "WalletLimitReached",
    "bill_reading",
    "check_sale",
    "crossed_below",
    "gib_to_bytes",
    "sale_charge",
    "should_resume",
    "should_suspend",
]
