"""Every product flag is built today; the refusal of a flag that is not (issue #10 item 9)
is still the registry's rule, so its tests mark a real flag as not built for one test."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from src.core.tenancy import features

UNBUILT = "promo_codes"  # any flag works; this one has no credentials or other precondition


def mark_not_built(monkeypatch: pytest.MonkeyPatch, key: str = UNBUILT) -> str:
    """The registry (read through `features.FEATURES` by every lookup) with `key` unbuilt."""
    registry = dict(features.FEATURES)
    registry[key] = dataclasses.replace(registry[key], implemented=False)
    monkeypatch.setattr(features, "FEATURES", MappingProxyType(registry))
    return key
