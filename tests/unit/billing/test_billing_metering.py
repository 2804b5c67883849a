"""Byte-exact consumption billing with the remainder carried (PRODUCT 6)."""

from __future__ import annotations

from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from src.core.billing import GIB, MeterState, bill_reading

DET = hsettings(derandomize=True, deadline=None, max_examples=200)

MIB = 1024**2
rates = st.integers(min_value=0, max_value=10**12)
# Small byte counts exercise the remainder, large ones whole GiB.
byte_counts = st.one_of(
    st.integers(min_value=0, max_value=4096),
    st.integers(min_value=0, max_value=50 * GIB),
)


def run(state: MeterState, readings: list[int], rate: int) -> tuple[list[int], MeterState]:
    charges = []
    for reading in readings:
        charge, state = bill_reading(state, reading, rate)
        assert charge >= 0
        assert 0 <= state.carried_value < GIB
        charges.append(charge)
    return charges, state


# --- exactness -------------------------------------------------------------------


def test_sub_unit_traffic_is_carried_not_lost() -> None:
    # 1 minor unit per GiB: nothing until a whole GiB was used, then exactly 1.
    charges, state = run(MeterState.first(), [GIB // 2, GIB - 1, GIB, 2 * GIB + 7], 1)
    assert charges == [0, 0, 1, 1]
    assert state.carried_value == 7


def test_rate_applies_per_gib_of_1024_cubed_bytes() -> None:
    charges, _ = run(MeterState.first(), [MIB, 1024 * MIB, 10 * GIB], 1024)
    assert charges == [1, 1023, 9 * 1024]


@DET
@given(st.lists(byte_counts, max_size=40), rates)
def test_sum_of_charges_is_floor_of_total_at_constant_rate(steps: list[int], rate: int) -> None:
    readings = list(accumulate(steps))
    charges, state = run(MeterState.first(), readings, rate)
    total = readings[-1] if readings else 0
    assert sum(charges) == total * rate // GIB
    assert sum(charges) * GIB + state.carried_value == total * rate
    assert state.last_lifetime_bytes == total


@DET
@given(st.lists(byte_counts, min_size=1, max_size=30), rates)
def test_a_repeated_reading_charges_nothing(steps: list[int], rate: int) -> None:
    state = MeterState.first()
    for reading in accumulate(steps):
        _, state = bill_reading(state, reading, rate)
        again, same = bill_reading(state, reading, rate)
        assert again == 0
        assert same == state


@DET
@given(st.lists(st.tuples(byte_counts, rates), max_size=40))
def test_a_rate_change_bills_metered_bytes_at_their_own_rate(
    steps: list[tuple[int, int]],
) -> None:
    state, charged, value = MeterState.first(), 0, 0
    reading = 0
    for added, rate in steps:
        reading += added
        charge, state = bill_reading(state, reading, rate)
        charged += charge
        value += added * rate
    assert charged * GIB + state.carried_value == value


def test_carried_value_keeps_the_old_rate() -> None:
    # Half a GiB at 3/GiB is worth 1.5: 1 charged, 0.5 carried as money.
    charge, state = bill_reading(MeterState.first(), GIB // 2, 3)
    assert (charge, state.carried_value) == (1, GIB // 2)
    # The rate rises; no new traffic: the carried half unit is not repriced.
    charge, state = bill_reading(state, GIB // 2, 100)
    assert (charge, state.carried_value) == (0, GIB // 2)
    # Another half GiB at 100/GiB = 50, plus the carried 0.5 -> 50.5.
    charge, state = bill_reading(state, GIB, 100)
    assert (charge, state.carried_value) == (50, GIB // 2)
    # A last half GiB at 1/GiB completes the carried half unit.
    charge, state = bill_reading(state, GIB + GIB // 2, 1)
    assert (charge, state.carried_value) == (1, 0)


# --- first reading and counter resets ---------------------------------------------


def test_first_reading_bills_existing_traffic_unless_baselined() -> None:
    assert bill_reading(MeterState.first(), 5 * GIB, 100).amount == 500
    migrated = MeterState.first(baseline_bytes=5 * GIB)
    assert bill_reading(migrated, 5 * GIB, 100).amount == 0
    assert bill_reading(migrated, 6 * GIB, 100).amount == 100


def test_counter_going_down_bills_the_new_counter_once() -> None:
    # 12 GiB, then the panel user is recreated and shows 1 GiB, then 3 GiB.
    charges, state = run(MeterState.first(), [10 * GIB, 12 * GIB, GIB, 3 * GIB, 3 * GIB], 10)
    assert charges == [100, 20, 10, 20, 0]
    assert state.last_lifetime_bytes == 3 * GIB


def test_explicit_reset_bills_from_zero() -> None:
    state = MeterState(last_lifetime_bytes=2 * GIB)
    # The recreated user already passed the old reading: only the flag can tell.
    assert bill_reading(state, 5 * GIB, 10).amount == 30
    assert bill_reading(state, 5 * GIB, 10, counter_reset=True).amount == 50


@DET
@given(st.lists(st.tuples(st.booleans(), byte_counts), max_size=40), rates)
def test_resets_never_double_bill_or_go_negative(events: list[tuple[bool, int]], rate: int) -> None:
    """Each event: maybe the panel user is recreated, then it uses `added` bytes."""
    counter, true_traffic = 0, 0
    flagged, unflagged = MeterState.first(), MeterState.first()
    flagged_sum = unflagged_sum = 0
    for recreated, added in events:
        counter = added if recreated else counter + added
        true_traffic += added
        charge, flagged = bill_reading(flagged, counter, rate, counter_reset=recreated)
        flagged_sum += charge
        charge, unflagged = bill_reading(unflagged, counter, rate)
        assert charge >= 0
        unflagged_sum += charge
    # Told about every recreation, billing is exact.
    assert flagged_sum * GIB + flagged.carried_value == true_traffic * rate
    # Not told, it may miss a reset that grew past the old reading, never bill twice.
    assert unflagged_sum * GIB + unflagged.carried_value <= true_traffic * rate


# --- hybrid prepaid bytes ---------------------------------------------------------


@DET
@given(st.lists(byte_counts, max_size=40), byte_counts, rates)
def test_prepaid_bytes_are_consumed_first_and_never_billed(
    steps: list[int], prepaid: int, rate: int
) -> None:
    state = MeterState.first(prepaid_bytes=prepaid)
    total = 0
    charged = 0
    for reading in accumulate(steps):
        charge, state = bill_reading(state, reading, rate)
        total = reading
        charged += charge
        if total <= prepaid:
            assert charged == 0
            assert state.carried_value == 0
    assert state.prepaid_bytes_left == max(0, prepaid - total)
    assert charged * GIB + state.carried_value == max(0, total - prepaid) * rate


def test_renewal_adds_prepaid_bytes() -> None:
    state = MeterState.first(prepaid_bytes=3 * GIB)
    charge, state = bill_reading(state, 4 * GIB, 10)  # 3 prepaid, 1 billed
    assert (charge, state.prepaid_bytes_left) == (10, 0)
    state = state.with_prepaid(2 * GIB)
    charge, state = bill_reading(state, 5 * GIB, 10)  # 1 from the new prepaid
    assert (charge, state.prepaid_bytes_left) == (0, GIB)
    charge, state = bill_reading(state, 7 * GIB, 10)  # 1 prepaid, 1 billed
    assert (charge, state.prepaid_bytes_left) == (10, 0)


# --- invalid input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"last_lifetime_bytes": -1},
        {"last_lifetime_bytes": 0, "carried_value": GIB},
        {"last_lifetime_bytes": 0, "carried_value": -1},
        {"last_lifetime_bytes": 0, "prepaid_bytes_left": -1},
        {"last_lifetime_bytes": 1.0},
        {"last_lifetime_bytes": True},
    ],
)
def test_invalid_meter_state_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message names the field
        MeterState(**kwargs)  # type: ignore[arg-type]


def test_invalid_readings_are_refused() -> None:
    with pytest.raises(ValueError, match="lifetime_bytes_now"):
        bill_reading(MeterState.first(), -1, 10)
    with pytest.raises(ValueError, match="rate_per_gb"):
        bill_reading(MeterState.first(), 1, -1)
    with pytest.raises(ValueError, match="prepaid_bytes"):
        MeterState.first().with_prepaid(-1)
