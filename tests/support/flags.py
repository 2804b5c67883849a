"""Every product flag is built today; the refusal of a flag that is not (issue #10 item 9)
is still the registry's rule, so its tests mark a real flag as not built for one test."""

from __future__ import annotations

import dataclasses

import pytest

from src.core.tenancy.features import FEATURES

UNBUILT = "promo_codes"  # any flag works; this one has no credentials or other precondition


def mark_not_built(monkeypatch: pytest.MonkeyPatch, key: str = UNBUILT) -> str:
    monkeypatch.setitem(FEATURES, key, dataclasses.replace(FEATURES[key], implemented=False))
    return key
