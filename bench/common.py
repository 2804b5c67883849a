"""Shared set-up for benchmarks: a scratch database on the configured server."""

from __future__ import annotations

import math
from collections.abc import Sequence

from tests.support.db import scratch_database

__all__ = ["percentile", "scratch_database"]


def percentile(samples: Sequence[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[index]
