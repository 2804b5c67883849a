"""Billing settings validation and the GiB unit (PRODUCT 6)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from src.core.billing import GIB, BillingModel, BillingSettings, gib_to_bytes
from src.core.errors import ValidationError

VALID = BillingSettings(
    model=BillingModel.HYBRID,
    rate_per_gb=1_500,
    hybrid_prepay_percent=40,
    unlimited_wholesale_price=50_000,
    credit_limit=10_000,
    low_balance_threshold=20_000,
    suspend_threshold=-5_000,
)


def test_gib_is_binary() -> None:
    assert GIB == 1_073_741_824
    assert gib_to_bytes(0) == 0
    assert gib_to_bytes(3) == 3 * 1024**3


def test_valid_settings_pass_and_defaults_are_conservative() -> None:
    assert VALID.validate() is VALID
    plain = BillingSettings(BillingModel.SALE, rate_per_gb=0).validate()
    assert plain.credit_limit == 0
    assert plain.unlimited_wholesale_price is None
    assert plain.hybrid_prepay_percent == 0


def test_boundaries_are_inclusive() -> None:
    replace(VALID, hybrid_prepay_percent=0).validate()
    replace(VALID, hybrid_prepay_percent=100).validate()
    replace(VALID, rate_per_gb=10**12, credit_limit=10**12).validate()
    replace(VALID, unlimited_wholesale_price=0).validate()
    replace(VALID, unlimited_wholesale_price=None).validate()
    replace(VALID, suspend_threshold=-(10**12), low_balance_threshold=-(10**12)).validate()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("model", "sale"),
        ("model", None),
        ("rate_per_gb", -1),
        ("rate_per_gb", 10**12 + 1),
        ("rate_per_gb", 1.5),
        ("rate_per_gb", True),
        ("rate_per_gb", "100"),
        ("hybrid_prepay_percent", -1),
        ("hybrid_prepay_percent", 101),
        ("hybrid_prepay_percent", 50.0),
        ("unlimited_wholesale_price", -1),
        ("unlimited_wholesale_price", False),
        ("unlimited_wholesale_price", 10**12 + 1),
        ("credit_limit", -1),
        ("credit_limit", 0.0),
        ("low_balance_threshold", 10**12 + 1),
        ("low_balance_threshold", None),
        ("suspend_threshold", -(10**12) - 1),
        ("suspend_threshold", 1.0),
    ],
)
def test_invalid_field_is_named(field: str, value: Any) -> None:
    bad = replace(VALID, **{field: value})
    with pytest.raises(ValidationError) as err:
        bad.validate()
    assert err.value.field == field
    assert err.value.code == "validation_error"


def test_model_values_are_stable() -> None:
    assert [m.value for m in BillingModel] == ["sale", "consumption", "hybrid"]
    assert BillingModel("hybrid") is BillingModel.HYBRID
