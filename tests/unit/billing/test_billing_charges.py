"""Sale charges and wallet admission (PRODUCT 6)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from src.core.billing import (
    GIB,
    BillingModel,
    BillingSettings,
    SaleCharge,
    UnlimitedPlanNotSellable,
    WalletLimitReached,
    check_sale,
    sale_charge,
)
from src.core.errors import Conflict, ValidationError

DET = hsettings(derandomize=True, deadline=None, max_examples=200)

SALE = BillingSettings(BillingModel.SALE, rate_per_gb=1_250)
HYBRID = BillingSettings(BillingModel.HYBRID, rate_per_gb=1_250, hybrid_prepay_percent=30)
CONSUMPTION = BillingSettings(BillingModel.CONSUMPTION, rate_per_gb=1_250)

traffic = st.integers(min_value=0, max_value=1_000_000)
rates = st.integers(min_value=0, max_value=10**12)
percents = st.integers(min_value=0, max_value=100)
periods = st.integers(min_value=1, max_value=3650)


# --- sale model ------------------------------------------------------------------


def test_sale_charges_the_whole_traffic() -> None:
    assert sale_charge(SALE, 100, 30) == SaleCharge(amount=125_000, prepaid_bytes=100 * GIB)


@DET
@given(traffic.filter(bool), rates, periods)
def test_sale_amount_is_exact(gb: int, rate: int, days: int) -> None:
    charge = sale_charge(replace(SALE, rate_per_gb=rate), gb, days)
    assert charge == SaleCharge(gb * rate, gb * GIB)


def test_unlimited_plan_needs_a_wholesale_price_under_sale() -> None:
    with pytest.raises(UnlimitedPlanNotSellable) as err:
        sale_charge(SALE, 0, 30)
    assert err.value.code == "unlimited_plan_needs_wholesale_price"
    assert isinstance(err.value, Conflict)


@DET
@given(st.integers(min_value=0, max_value=10**12), periods)
def test_unlimited_wholesale_price_is_charged_once_per_sale(price: int, days: int) -> None:
    settings = replace(SALE, unlimited_wholesale_price=price)
    assert sale_charge(settings, 0, days) == SaleCharge(price, 0)


def test_wholesale_price_does_not_apply_to_limited_plans() -> None:
    settings = replace(SALE, unlimited_wholesale_price=99_999)
    assert sale_charge(settings, 10, 30).amount == 12_500


# --- hybrid model ----------------------------------------------------------------


def test_hybrid_charges_the_prepaid_share() -> None:
    # 100 GiB * 1250 = 125000; 30 % = 37500 exactly; 30 GiB prepaid.
    assert sale_charge(HYBRID, 100, 30) == SaleCharge(37_500, 30 * GIB)


def test_hybrid_rounds_half_up_to_a_minor_unit() -> None:
    settings = replace(HYBRID, rate_per_gb=1, hybrid_prepay_percent=50)
    assert sale_charge(settings, 1, 30).amount == 1  # 0.5 -> 1
    settings = replace(HYBRID, rate_per_gb=1, hybrid_prepay_percent=33)
    assert sale_charge(settings, 1, 30).amount == 0  # 0.33 -> 0
    assert sale_charge(settings, 2, 30).amount == 1  # 0.66 -> 1


@DET
@given(traffic, rates, percents, periods)
def test_hybrid_amount_and_prepaid_bytes_are_exact(
    gb: int, rate: int, percent: int, days: int
) -> None:
    settings = replace(HYBRID, rate_per_gb=rate, hybrid_prepay_percent=percent)
    charge = sale_charge(settings, gb, days)
    exact = Fraction(gb * rate * percent, 100)
    assert charge.amount == floor(exact + Fraction(1, 2))
    assert abs(charge.amount - exact) <= Fraction(1, 2)
    assert charge.prepaid_bytes == (gb * GIB * percent) // 100
    assert 0 <= charge.prepaid_bytes <= gb * GIB


@DET
@given(traffic, rates, periods)
def test_hybrid_bounds_are_consumption_and_sale(gb: int, rate: int, days: int) -> None:
    none = replace(HYBRID, rate_per_gb=rate, hybrid_prepay_percent=0)
    full = replace(HYBRID, rate_per_gb=rate, hybrid_prepay_percent=100)
    assert sale_charge(none, gb, days) == SaleCharge(0, 0)
    assert sale_charge(full, gb, days) == SaleCharge(gb * rate, gb * GIB)


def test_hybrid_sells_unlimited_plans_for_consumption_billing() -> None:
    assert sale_charge(HYBRID, 0, 30) == SaleCharge(0, 0)


# --- consumption model -----------------------------------------------------------


@DET
@given(traffic, rates, periods)
def test_consumption_charges_nothing_at_sale(gb: int, rate: int, days: int) -> None:
    assert sale_charge(replace(CONSUMPTION, rate_per_gb=rate), gb, days) == SaleCharge(0, 0)


def test_bad_sale_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="traffic_gb"):
        sale_charge(SALE, -1, 30)
    with pytest.raises(ValueError, match="period_days"):
        sale_charge(SALE, 1, 0)
    with pytest.raises(ValidationError) as err:
        sale_charge(replace(SALE, rate_per_gb=-1), 1, 30)
    assert err.value.field == "rate_per_gb"


# --- admission -------------------------------------------------------------------


def test_admission_boundary_is_exactly_the_credit_limit() -> None:
    check_sale(balance=1_000, charge=1_500, credit_limit=500)  # lands on -500
    with pytest.raises(WalletLimitReached) as err:
        check_sale(balance=1_000, charge=1_501, credit_limit=500)  # would be -501
    assert err.value.code == "wallet_credit_limit"
    assert isinstance(err.value, Conflict)
    assert (err.value.charge, err.value.available) == (1_501, 1_500)


def test_default_credit_limit_zero_allows_reaching_zero_only() -> None:
    check_sale(balance=700, charge=700, credit_limit=0)
    with pytest.raises(WalletLimitReached):
        check_sale(balance=700, charge=701, credit_limit=0)


def test_zero_charge_always_passes() -> None:
    check_sale(balance=-(10**9), charge=0, credit_limit=0)


@DET
@given(
    st.integers(min_value=-(10**13), max_value=10**13),
    st.integers(min_value=0, max_value=10**13),
    st.integers(min_value=0, max_value=10**12),
)
def test_admission_refuses_exactly_below_the_limit(balance: int, charge: int, limit: int) -> None:
    refused = charge > 0 and balance - charge < -limit
    try:
        check_sale(balance, charge, limit)
    except WalletLimitReached:
        assert refused
    else:
        assert not refused


def test_negative_charge_is_a_bug() -> None:
    with pytest.raises(ValueError, match="charge"):
        check_sale(0, -1, 0)
    with pytest.raises(ValueError, match="credit_limit"):
        check_sale(0, 1, -1)
