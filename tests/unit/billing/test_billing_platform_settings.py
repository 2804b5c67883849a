"""FLEET_BILLING_RATE_PER_GB and FLEET_BILLING_MODEL: the defaults of tenant wallets."""

from __future__ import annotations

from pathlib import Path

import pytest

from src.core.billing.settings import BillingModel
from src.infrastructure.settings import SettingsError, load_settings


def env(tmp_path: Path, **kw: str) -> dict[str, str]:
    return {"FLEET_DATA_DIR": str(tmp_path), **kw}


def test_billing_is_off_by_default_and_sale_is_the_default_model(tmp_path: Path) -> None:
    s = load_settings(env(tmp_path))
    assert (s.billing_rate_per_gb, s.billing_model) == (0, BillingModel.SALE)


def test_billing_defaults_from_the_environment(tmp_path: Path) -> None:
    s = load_settings(
        env(tmp_path, FLEET_BILLING_RATE_PER_GB=" 2500 ", FLEET_BILLING_MODEL="Consumption")
    )
    assert (s.billing_rate_per_gb, s.billing_model) == (2_500, BillingModel.CONSUMPTION)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FLEET_BILLING_RATE_PER_GB", "-1"),
        ("FLEET_BILLING_RATE_PER_GB", "1.5"),
        ("FLEET_BILLING_RATE_PER_GB", "²"),
        ("FLEET_BILLING_RATE_PER_GB", str(10**12 + 1)),
        ("FLEET_BILLING_MODEL", "free"),
    ],
)
def test_a_bad_billing_value_names_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env(tmp_path, **{name: value}))
    assert str(err.value).startswith(f"{name}: ")
    assert "\n" not in str(err.value)
