"""Feature flags and config use cases on in-memory adapters."""

from __future__ import annotations

import pytest

from src.application import cache_keys
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.config import ResetConfigInput, SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.core.errors import ConfigKeyNotEditable, UnknownConfigKey, UnknownFeature, ValidationError
from src.core.tenancy.config import CONFIG
from src.core.tenancy.features import FEATURES, FeatureNotImplemented
from src.infrastructure.container import Container
from src.interfaces.bot.views.shop import main_menu
from tests.support.factories import create_tenant
from tests.support.flags import mark_not_built


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


async def test_a_flag_not_built_refuses_to_switch_on_and_hides_its_button(
    memory_container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #10 item 9: a flag whose behaviour is not built never shows its button."""
    key = mark_not_built(monkeypatch)
    tenant = (await create_tenant(memory_container)).tenant
    with pytest.raises(FeatureNotImplemented):
        await memory_container.set_feature()(SetFeatureInput(tenant.id, key, True))
    async with memory_container.uow().for_tenant(tenant.id) as uow:
        assert key not in await uow.flags.all()  # nothing stored
        await uow.flags.put(key, True, {})  # a row switched on before the refusal existed
        await uow.commit()
    await memory_container.cache().invalidate(cache_keys.features(tenant.id))
    flags = await memory_container.get_features()(tenant.id)
    assert flags[key].enabled is False
    user = (await memory_container.register_user()(RegisterInput(tenant, 1))).user
    _, markup = main_menu(tenant, user, flags, "RUB", trial=True)
    shown = {b.callback_data for row in markup.inline_keyboard for b in row}
    assert not shown & {"m:ref", "m:promo", "m:support"}
    off = await memory_container.set_feature()(SetFeatureInput(tenant.id, key, False))
    assert off.enabled is False  # switching off stays possible


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
