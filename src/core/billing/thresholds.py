"""Wallet balance thresholds: low-balance warning, suspension, resumption (docs/billing.md).

Rules (balances and thresholds are ints in minor units):
- Low-balance warning: `crossed_below(before, after, threshold)` is true exactly
  when before >= threshold > after, where before/after are the balance before and
  after one ledger row. Each downward crossing is seen by exactly one row, so
  warning on it warns once per crossing; staying below, going further down or
  going up never warns again until the balance is back at or above the
  threshold and falls below it anew. No tracker state is needed.
- Suspension: `should_suspend(balance, suspend_threshold)` is balance <
  suspend_threshold; the caller asks it after a consumption (traffic) charge
  only, since sales are bounded by the credit limit instead.
- Resumption: `should_resume(balance, suspend_threshold)` is balance >=
  suspend_threshold, asked after a top-up; it is exactly `not should_suspend`,
  so a balance at the threshold is never suspended and always resumes.
- The master tenant is never suspended whatever these say (`Tenant.suspend`
  refuses it).
"""

from __future__ import annotations


def crossed_below(before: int, after: int, threshold: int) -> bool:
    """True when one ledger row took the balance from >= threshold to < threshold."""
    return before >= threshold > after


def should_suspend(balance: int, suspend_threshold: int) -> bool:
    """True when a consumption charge left the balance below the suspend threshold."""
    return balance < suspend_threshold


def should_resume(balance: int, suspend_threshold: int) -> bool:
    """True when a suspended tenant's balance (after a top-up) allows resuming."""
    return balance >= suspend_threshold
