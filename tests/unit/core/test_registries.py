from __future__ import annotations

from typing import Any

import pytest

from src.core.errors import ConfigKeyNotEditable, UnknownConfigKey, UnknownFeature, ValidationError
from src.core.tenancy.config import CONFIG, config_spec, effective_config
from src.core.tenancy.features import (
    FEATURES,
    FeatureNotImplemented,
    effective_features,
    feature_spec,
)
from tests.support.flags import mark_not_built

PRODUCT_FEATURES = {
    "card_to_card",
    "telegram_stars",
    "yookassa",
    "cryptopay",
    "trial_subscription",
    "auto_renewal",
    "referral_program",
    "promo_codes",
    "support_tickets",
}


def test_registry_declares_every_feature_of_the_product() -> None:
    assert set(FEATURES) == PRODUCT_FEATURES


@pytest.mark.parametrize("key", sorted(PRODUCT_FEATURES))
def test_every_default_config_passes_its_own_schema(key: str) -> None:
    spec = feature_spec(key)
    assert spec.validate_config(dict(spec.default_config)) == dict(spec.default_config)


def test_unknown_feature_is_a_clear_validation_error() -> None:
    with pytest.raises(UnknownFeature, match="unknown feature 'teleport'") as err:
        feature_spec("teleport")
    assert err.value.field == "key"


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        ({"min_amount": "10"}, "config.min_amount", "must be an integer"),
        ({"min_amount": 0}, "config.min_amount", "at least 1"),
        ({"colour": "red"}, "config.colour", "not a known field"),
        ({"min_amount": 500, "max_amount": 100}, "config.min_amount", "must not exceed"),
        ([1, 2], "config", "must be an object"),
    ],
)
def test_bad_config_names_the_field(config: Any, field: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        feature_spec("card_to_card").validate_config(config)
    assert err.value.field == field


def test_partial_config_is_merged_over_defaults() -> None:
    merged = feature_spec("card_to_card").validate_config({"max_amount": 50_000})
    assert merged == {
        "min_amount": 10_000,
        "max_amount": 50_000,
        "max_pending_per_user": 3,
        "expiry_hours": 24,
    }


def test_effective_features_overlays_stored_rows_and_ignores_retired_keys() -> None:
    stored = {"card_to_card": (True, {"max_amount": 7}), "retired_feature": (True, {})}
    effective = effective_features(stored)
    assert set(effective) == PRODUCT_FEATURES
    assert effective["card_to_card"].enabled is True
    assert effective["card_to_card"].config["max_amount"] == 7
    assert effective["card_to_card"].config["min_amount"] == 10_000
    assert effective["trial_subscription"].enabled is FEATURES["trial_subscription"].default_enabled


# The flags whose behaviour is not built (issue #10, item 9): each refuses to switch on.
NOT_BUILT: set[str] = set()  # every flag is built; the rule is tested on a marked one


def test_the_registry_marks_which_flags_are_built() -> None:
    assert {key for key, spec in FEATURES.items() if not spec.implemented} == NOT_BUILT


def test_a_flag_not_built_refuses_to_switch_on_and_is_off_whatever_is_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = mark_not_built(monkeypatch)
    spec = feature_spec(key)
    with pytest.raises(FeatureNotImplemented) as err:
        spec.check_switch(True)
    assert (err.value.code, err.value.key) == ("feature_not_implemented", key)
    spec.check_switch(False)  # switching off is always allowed
    assert effective_features({key: (True, {})})[key].enabled is False  # a row from before
    assert effective_features({})[key].enabled is False


def test_config_registry_validates_values() -> None:
    assert config_spec("trial_days").validate(7) == 7
    with pytest.raises(ValidationError) as err:
        config_spec("trial_days").validate(0)
    assert err.value.field == "value"
    with pytest.raises(ValidationError, match="must be one of"):
        config_spec("card_rotation_strategy").validate("fastest")
    with pytest.raises(ValidationError) as err:
        config_spec("panel_squads").validate(["not-a-uuid"])
    assert err.value.field == "value[0]"


def test_unknown_config_key_and_platform_keys() -> None:
    with pytest.raises(UnknownConfigKey):
        config_spec("database_url")
    with pytest.raises(ConfigKeyNotEditable):
        config_spec("panel_squads", by_master=False)
    assert config_spec("panel_squads", by_master=True).key == "panel_squads"


def test_every_config_default_passes_its_schema() -> None:
    for spec in CONFIG.values():
        assert spec.validate(spec.default) == spec.default


def test_effective_config_overlays_overrides() -> None:
    effective = effective_config({"trial_days": 9, "gone": 1})
    assert effective["trial_days"] == 9
    assert effective["referral_percent"] == CONFIG["referral_percent"].default
    assert "gone" not in effective
