"""Feature flags (master switches them) and config (tenant-editable keys only)."""

from __future__ import annotations

import pytest

from src.core.tenancy.config import CONFIG
from src.core.tenancy.features import FEATURES
from tests.e2e.api.helpers import Api, assert_problem, error_fields
from tests.support.flags import mark_not_built


async def test_features_default_then_follow_the_master_switch(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/features"
    flags = (await api.call("GET", base, shop.auth)).json()
    assert set(flags) == set(FEATURES)
    assert flags["card_to_card"]["enabled"] is False
    assert flags["card_to_card"]["config"]["min_amount"] == 10_000
    body = {"enabled": True, "config": {"min_amount": 50_000}}
    switched = await api.call("PUT", f"{base}/card_to_card", api.master, body)
    assert switched.json() == {
        "enabled": True,
        "config": {**FEATURES["card_to_card"].default_config, "min_amount": 50_000},
    }
    seen = (await api.call("GET", base, shop.auth)).json()["card_to_card"]  # cache invalidated
    assert seen == switched.json()
    kept = await api.call("PUT", f"{base}/card_to_card", api.master, {"enabled": False})
    assert kept.json()["config"]["min_amount"] == 50_000


async def test_feature_validation(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/features"
    unknown = await api.call("PUT", f"{base}/teleport", api.master, {"enabled": True})
    assert_problem(unknown, 422, "unknown_feature")
    bad = await api.call(
        "PUT", f"{base}/card_to_card", api.master, {"enabled": True, "config": {"min_amount": -1}}
    )
    assert error_fields(bad) == ["config.min_amount"]
    wrong = await api.call("PUT", f"{base}/card_to_card", api.master, {"enabled": "yes"})
    assert error_fields(wrong) == ["enabled"]
    refused = await api.call("PUT", f"{base}/card_to_card", shop.auth, {"enabled": True})
    assert_problem(refused, 403, "forbidden")
    assert (await api.call("GET", base, shop.auth)).json()["card_to_card"]["enabled"] is False


async def test_a_flag_not_built_answers_409_and_stays_off(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #10 item 9: flags whose behaviour is not built refuse to switch on."""
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/features"
    for key in (mark_not_built(monkeypatch),):
        refused = await api.call("PUT", f"{base}/{key}", api.master, {"enabled": True})
        assert_problem(refused, 409, "feature_not_implemented")
        assert key in refused.json()["detail"]
        assert (await api.call("GET", base, shop.auth)).json()[key]["enabled"] is False
        off = await api.call("PUT", f"{base}/{key}", api.master, {"enabled": False})
        assert off.json()["enabled"] is False
    other = await api.shop()  # a tenant token cannot even try (master only)
    assert_problem(await api.call("PUT", f"{base}/promo_codes", other.auth, {"enabled": True}), 403)


async def test_config_set_reset_and_platform_keys(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/config"
    assert (await api.call("GET", base, shop.auth)).json()["trial_days"] == CONFIG[
        "trial_days"
    ].default
    put = await api.call("PUT", f"{base}/trial_days", shop.auth, {"value": 7})
    assert put.json() == {"key": "trial_days", "value": 7}
    assert (await api.call("GET", base, shop.auth)).json()["trial_days"] == 7
    reset = await api.call("DELETE", f"{base}/trial_days", shop.auth)
    assert reset.json() == {"key": "trial_days", "value": CONFIG["trial_days"].default}

    squad = ["11111111-2222-3333-4444-555555555555"]
    refused = await api.call("PUT", f"{base}/panel_squads", shop.auth, {"value": squad})
    assert_problem(refused, 403, "config_key_not_editable")
    assert_problem(await api.call("DELETE", f"{base}/panel_squads", shop.auth), 403)
    by_master = await api.call("PUT", f"{base}/panel_squads", api.master, {"value": squad})
    assert by_master.status_code == 200
    assert (await api.call("GET", base, shop.auth)).json()["panel_squads"] == squad


async def test_config_validation(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/config"
    unknown = await api.call("PUT", f"{base}/database_url", api.master, {"value": "x"})
    assert_problem(unknown, 422, "unknown_config_key")
    for key, value, auth in (
        ("trial_days", 0, shop.auth),
        ("trial_traffic_gb", 0, shop.auth),  # an unlimited trial
        ("trial_device_limit", 0, shop.auth),
        ("trial_days", 15, shop.auth),  # past the platform's cap (FLEET_TRIAL_MAX_DAYS=14)
        ("trial_traffic_gb", 11, api.master),  # the master too (FLEET_TRIAL_MAX_GB=10)
        ("trial_device_limit", 4, shop.auth),  # FLEET_TRIAL_MAX_DEVICES=3
        ("card_rotation_strategy", "fastest", shop.auth),
        ("welcome_text", "a\x00b", shop.auth),
    ):
        response = await api.call("PUT", f"{base}/{key}", auth, {"value": value})
        assert_problem(response, 422)
        assert error_fields(response) == ["value"]
    missing = await api.call("PUT", f"{base}/trial_days", shop.auth, {})
    assert error_fields(missing) == ["value"]
