"""`/api/v1/tenants/{tenant_id}/features` and `/config`."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter

from src.application.tenancy.config import (
    GetConfig,
    ResetConfigInput,
    ResetConfigValue,
    SetConfigInput,
    SetConfigValue,
)
from src.application.tenancy.features import GetFeatures, SetFeature, SetFeatureInput
from src.core.audit import API_MASTER
from src.core.ids import TenantId
from src.interfaces.api.auth import MASTER_ONLY, Caller
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id
from src.interfaces.api.schemas.settings import (
    ConfigValueIn,
    ConfigValueOut,
    FeatureIn,
    FeatureOut,
    features_out,
)

Key = Annotated[str, Parameter(min_length=1, max_length=64)]


class SettingsController(Controller):
    path = "/tenants/{tenant_id:int}"

    @get("/features", tags=["features"], **doc(404))
    async def get_features(
        self, tenant_id: Id, get_features: NamedDependency[GetFeatures]
    ) -> dict[str, FeatureOut]:
        """Every feature's effective state: `{key: {enabled, config}}`."""
        return features_out(await get_features(TenantId(tenant_id)))

    @put("/features/{key:str}", tags=["features"], opt=MASTER_ONLY, **doc(403, 404))
    async def set_feature(
        self,
        tenant_id: Id,
        key: Key,
        data: JSONBody[FeatureIn],
        set_feature: NamedDependency[SetFeature],
    ) -> FeatureOut:
        """Switch a feature and set its config (master only)."""
        state = await set_feature(
            SetFeatureInput(TenantId(tenant_id), key, data.enabled, data.config, API_MASTER)
        )
        return FeatureOut.of(state)

    @get("/config", tags=["config"], **doc(404))
    async def get_config(
        self, tenant_id: Id, get_config: NamedDependency[GetConfig]
    ) -> dict[str, Any]:
        """The effective configuration: registry defaults overlaid with overrides."""
        return dict(await get_config(TenantId(tenant_id)))

    @put("/config/{key:str}", tags=["config"], **doc(403, 404))
    async def set_config_value(
        self,
        tenant_id: Id,
        key: Key,
        data: JSONBody[ConfigValueIn],
        caller: NamedDependency[Caller],
        set_config_value: NamedDependency[SetConfigValue],
    ) -> ConfigValueOut:
        """Override one key. A tenant token may set tenant-editable keys only
        (platform keys: 403 `config_key_not_editable`)."""
        value = await set_config_value(
            SetConfigInput(TenantId(tenant_id), key, data.value, by_master=caller.is_master)
        )
        return ConfigValueOut(key, value)

    @delete("/config/{key:str}", tags=["config"], status_code=200, **doc(403, 404))
    async def reset_config_value(
        self,
        tenant_id: Id,
        key: Key,
        caller: NamedDependency[Caller],
        reset_config_value: NamedDependency[ResetConfigValue],
    ) -> ConfigValueOut:
        """Drop the override: the registry default applies again (and is returned)."""
        value = await reset_config_value(
            ResetConfigInput(TenantId(tenant_id), key, by_master=caller.is_master)
        )
        return ConfigValueOut(key, value)
