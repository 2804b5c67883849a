"""Feature flag and configuration schemas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from src.core.tenancy.features import FeatureState
from src.interfaces.api.schemas.common import Input


class FeatureOut(msgspec.Struct):
    """The effective state of one feature: stored, or the registry default."""

    enabled: bool
    config: dict[str, Any]

    @classmethod
    def of(cls, state: FeatureState) -> FeatureOut:
        return cls(state.enabled, dict(state.config))


def features_out(states: Mapping[str, FeatureState]) -> dict[str, FeatureOut]:
    return {key: FeatureOut.of(state) for key, state in states.items()}


class FeatureIn(Input):
    """`config` left out keeps the stored one; a partial config is merged over the defaults."""

    enabled: bool
    config: dict[str, Any] | None = None


class ConfigValueIn(Input):
    value: Any


class ConfigValueOut(msgspec.Struct):
    """The key and its effective value after the change."""

    key: str
    value: Any
