"""Consumption billing of one panel user's lifetime traffic counter (docs/billing.md).

The billing job keeps one `MeterState` per panel user; each run it calls
`bill_reading(state, lifetime_bytes_now, rate_per_gb)` and stores the new state
together with the charge in one transaction (a crash then neither bills twice
nor skips traffic).

Rules:
- First reading: `MeterState.first(baseline_bytes=0)`. By default a panel user's
  existing lifetime bytes are billable (traffic consumed since it was created for
  this tenant); a user migrated in from elsewhere gets its current counter as the
  baseline, so only traffic after the migration is billed.
- Delta: now - last_lifetime_bytes while the counter does not go down. A counter
  that went down (now < last: the panel user was deleted and recreated, or its
  counter was reset), or `counter_reset=True` from a caller that saw the panel
  user change, restarts from 0: delta = now. So a charge is never negative and
  the bytes before the reset are never billed again. (A reset followed by growth
  past the old reading within one run is indistinguishable from growth: callers
  that can see a new panel user uuid pass `counter_reset=True`.)
- Prepaid first: the delta consumes prepaid_bytes_left first (hybrid sales add
  to it); only the rest is billable. Prepaid bytes never expire and are never
  billed.
- Exact money with carry: value = billable_bytes * rate_per_gb + carried_value;
  (charge, carried_value) = divmod(value, GiB). carried_value is in [0, GiB) and
  is money, not bytes: the not-yet-charged fraction of a minor unit, counted in
  1/GiB of a minor unit. It is priced when its bytes are metered, so a rate
  change between runs bills already-metered bytes at the old rate and only new
  bytes at the new rate. Hence for any readings:
  sum(charges) * GiB + carried_value == sum(billable_i * rate_i) (+ the starting
  carried_value), and with a constant rate from a fresh state
  sum(charges) == total_billable_bytes * rate // GiB.
- A reading without new traffic charges 0 and returns an equal state.
- Inputs: lifetime_bytes_now and rate_per_gb are ints >= 0 (ValueError).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from src.core.billing.settings import GIB


def _check_bytes(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0")


@dataclass(frozen=True, slots=True)
class MeterState:
    """The billing job's memory of one panel user's counter.

    `last_lifetime_bytes`: the counter at the last billed reading (or the
    baseline); `carried_value`: uncharged money in 1/GiB minor units, < GiB;
    `prepaid_bytes_left`: bytes paid at sale and not consumed yet.
    """

    last_lifetime_bytes: int
    carried_value: int = 0
    prepaid_bytes_left: int = 0

    def __post_init__(self) -> None:
        _check_bytes(self.last_lifetime_bytes, "last_lifetime_bytes")
        _check_bytes(self.carried_value, "carried_value")
        _check_bytes(self.prepaid_bytes_left, "prepaid_bytes_left")
        if self.carried_value >= GIB:
            raise ValueError("carried_value must be below GiB")

    @classmethod
    def first(cls, baseline_bytes: int = 0, prepaid_bytes: int = 0) -> MeterState:
        """The state of a panel user seen for the first time (see the module rules)."""
        return cls(last_lifetime_bytes=baseline_bytes, prepaid_bytes_left=prepaid_bytes)

    def with_prepaid(self, prepaid_bytes: int) -> MeterState:
        """This state after a sale prepaid `prepaid_bytes` more (`SaleCharge.prepaid_bytes`)."""
        _check_bytes(prepaid_bytes, "prepaid_bytes")
        return replace(self, prepaid_bytes_left=self.prepaid_bytes_left + prepaid_bytes)


class MeterBill(NamedTuple):
    """The charge of one reading (minor units, >= 0) and the state to store with it."""

    amount: int
    state: MeterState


def bill_reading(
    state: MeterState,
    lifetime_bytes_now: int,
    rate_per_gb: int,
    *,
    counter_reset: bool = False,
) -> MeterBill:
    """Charge the traffic since `state` for a reading of the lifetime counter."""
    _check_bytes(lifetime_bytes_now, "lifetime_bytes_now")
    _check_bytes(rate_per_gb, "rate_per_gb")
    if counter_reset or lifetime_bytes_now < state.last_lifetime_bytes:
        delta = lifetime_bytes_now
    else:
        delta = lifetime_bytes_now - state.last_lifetime_bytes
    prepaid_used = min(delta, state.prepaid_bytes_left)
    billable = delta - prepaid_used
    amount, carried = divmod(billable * rate_per_gb + state.carried_value, GIB)
    new_state = MeterState(
        last_lifetime_bytes=lifetime_bytes_now,
        carried_value=carried,
        prepaid_bytes_left=state.prepaid_bytes_left - prepaid_used,
    )
    return MeterBill(amount, new_state)
