"""Shared set-up for benchmarks: a scratch database on the configured server."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from src.application.ports.tenants import NewTenant
from tests.support.db import scratch_database

__all__ = ["bench_tenant", "percentile", "scratch_database"]


def percentile(samples: Sequence[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[index]


def bench_tenant(index: int, bot_id: int, now: datetime, sealed: bytes = b"sealed") -> NewTenant:
    """A tenant row for seeding benchmarks directly (no Telegram check needed)."""
    return NewTenant(
        name=f"Shop {index}",
        telegram_bot_id=bot_id,
        username=f"shop{index}_bot",
        telegram_token_sealed=sealed,
        api_token_hash=f"{bot_id:064x}",
        is_master=False,
        default_language="en",
        support_username=None,
        admin_chat=None,
        admin_ids=(),
        created_by="bench",
        now=now,
    )
