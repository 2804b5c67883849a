"""Feature flags and config use cases on in-memory adapters."""

from __future__ import annotations

import pytest

from src.application.tenancy.config import ResetConfigInput, SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.core.errors import ConfigKeyNotEditable, UnknownConfigKey, UnknownFeature, ValidationError
from src.core.tenancy.config import CONFIG
from src.core.tenancy.features import FEATURES
from src.infrastructure.container import Container
from tests.support.factories import create_tenant


async def test_flags_default_then_follow_writes_at_once(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    features = memory_container.get_features()
    assert (
        await features.is_enabled(tenant.id, "card_to_card")
        is FEATURES["card_to_card"].default_enabled
    )
    await memory_container.set_feature()(
        SetFeatureInput(tenant.id, "card_to_card", True, {"min_amount": 50_000})
    )
    state = (await features(tenant.id))["card_to_card"]
    assert state.enabled is True
    assert state.config["min_amount"] == 50_000
    assert state.config["max_amount"] == 10_000_000


async def test_switching_a_flag_keeps_its_stored_config(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    set_feature = memory_container.set_feature()
    await set_feature(SetFeatureInput(tenant.id, "telegram_stars", True, {"max_amount": 77_777}))
    await set_feature(SetFeatureInput(tenant.id, "telegram_stars", False))
    state = (await memory_container.get_features()(tenant.id))["telegram_stars"]
    assert state.enabled is False and state.config["max_amount"] == 77_777


async def test_unknown_feature_and_bad_config_change_nothing(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    with pytest.raises(UnknownFeature):
        await memory_container.set_feature()(SetFeatureInput(tenant.id, "teleport", True))
    with pytest.raises(ValidationError) as err:
        await memory_container.set_feature()(
            SetFeatureInput(tenant.id, "card_to_card", True, {"min_amount": -1})
        )
    assert err.value.field == "config.min_amount"
    assert (await memory_container.get_features()(tenant.id))["card_to_card"].enabled is False


async def test_config_override_and_reset(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    get = memory_container.get_config()
    assert (await get(tenant.id))["trial_days"] == CONFIG["trial_days"].default
    await memory_container.set_config_value()(SetConfigInput(tenant.id, "trial_days", 10, False))
    assert (await get(tenant.id))["trial_days"] == 10
    default = await memory_container.reset_config_value()(
        ResetConfigInput(tenant.id, "trial_days", False)
    )
    assert default == CONFIG["trial_days"].default
    assert (await get(tenant.id))["trial_days"] == default


async def test_config_rules(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    set_value = memory_container.set_config_value()
    with pytest.raises(UnknownConfigKey):
        await set_value(SetConfigInput(tenant.id, "database_url", "x", True))
    with pytest.raises(ConfigKeyNotEditable):
        await set_value(SetConfigInput(tenant.id, "panel_squads", [], False))
    with pytest.raises(ValidationError):
        await set_value(SetConfigInput(tenant.id, "card_rotation_strategy", "fastest", False))
    squad = "11111111-2222-3333-4444-555555555555"
    await set_value(SetConfigInput(tenant.id, "panel_squads", [squad], True))
    assert (await memory_container.get_config()(tenant.id))["panel_squads"] == [squad]
