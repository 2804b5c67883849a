"""Port of the tenant console's Statistics screen: each figure is one query."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Windows:
    """The three periods every windowed figure is counted over (since each moment)."""

    today: datetime
    week: datetime
    month: datetime


@dataclass(frozen=True, slots=True)
class Windowed:
    today: int
    week: int
    month: int


class ShopFigures(Protocol):
    """This tenant's figures, each ONE query (the three windows as FILTER clauses).
    Bound to one tenant.

    - `new_users`: users created in each window;
    - `active_subscriptions`: subscriptions whose end is after `now`;
    - `purchases`: (count, revenue) of purchase and renewal ledger rows in each window;
      revenue is what they debited (positive);
    - `top_ups`: the sum credited by top-ups in the last 30 days, by method (the
      reference's prefix: `c2c`, `stars`);
    - `trial_conversion`: (users who took a trial, of them users who bought afterwards).
    """

    async def new_users(self, windows: Windows) -> Windowed: ...

    async def active_subscriptions(self, now: datetime) -> int: ...

    async def purchases(self, windows: Windows) -> tuple[Windowed, Windowed]: ...

    async def top_ups(self, since: datetime) -> Mapping[str, int]: ...

    async def trial_conversion(self) -> tuple[int, int]: ...
