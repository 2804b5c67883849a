"""Plans a tenant sells (docs/shop.md#plans).

Rules:
- name: 1 to 64 characters after trimming, no control characters, unique per
  tenant (the repository enforces uniqueness: 409);
- period_days: 1 to 3650;
- price: integer minor units of the platform currency, 0 to 10^12;
- traffic_gb: 0 to 1,000,000 (0 = unlimited);
- device_limit: 0 to 1,000 (0 = unlimited);
- sort_order: -1,000,000 to 1,000,000; lists are ordered by (sort_order, id).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from src.core.billing.charges import SoldTraffic
from src.core.errors import ValidationError
from src.core.ids import PlanId
from src.core.text import check_line

NAME_MAX = 64
PERIOD_DAYS_MAX = 3650
PRICE_MAX = 10**12
TRAFFIC_GB_MAX = 1_000_000
DEVICE_LIMIT_MAX = 1_000
SORT_ORDER_LIMIT = 1_000_000


def _int(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be an integer", field=field)
    if not low <= value <= high:
        raise ValidationError(f"{field} must be from {low} to {high}", field=field)
    return value


@dataclass(frozen=True, slots=True)
class PlanTerms:
    """What a plan sells, as entered; `checked()` validates and normalizes it."""

    name: str
    period_days: int
    price: int
    traffic_gb: int = 0
    device_limit: int = 0
    active: bool = True
    sort_order: int = 0

    def checked(self) -> PlanTerms:
        if not isinstance(self.active, bool):
            raise ValidationError("active must be true or false", field="active")
        return PlanTerms(
            name=check_line(self.name, "name", max_length=NAME_MAX),
            period_days=_int(self.period_days, "period_days", 1, PERIOD_DAYS_MAX),
            price=_int(self.price, "price", 0, PRICE_MAX),
            traffic_gb=_int(self.traffic_gb, "traffic_gb", 0, TRAFFIC_GB_MAX),
            device_limit=_int(self.device_limit, "device_limit", 0, DEVICE_LIMIT_MAX),
            active=self.active,
            sort_order=_int(self.sort_order, "sort_order", -SORT_ORDER_LIMIT, SORT_ORDER_LIMIT),
        )


TERM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(PlanTerms))


@dataclass(frozen=True, slots=True)
class Plan:
    id: PlanId
    terms: PlanTerms
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return self.terms.name

    @property
    def sold(self) -> SoldTraffic:
        """What a sale of this plan sells, as the tenant wallet sees it."""
        return SoldTraffic(
            self.name, f"plan:{self.id}", self.terms.traffic_gb, self.terms.period_days
        )

    @property
    def offer(self) -> str:
        """What a buyer confirms: a short digest of the terms that make the deal
        (price, period, traffic, devices). The confirm button carries it; a plan
        changed since is not bought on the old confirmation (PurchasePlan)."""
        t = self.terms
        deal = f"{t.price}:{t.period_days}:{t.traffic_gb}:{t.device_limit}"
        return hashlib.blake2s(deal.encode(), digest_size=6).hexdigest()

    @property
    def unlimited_traffic(self) -> bool:
        return self.terms.traffic_gb == 0

    def revise(self, changes: dict[str, Any], now: datetime) -> Plan:
        """A copy with `changes` (term name -> value) applied and validated."""
        unknown = sorted(set(changes) - set(TERM_FIELDS))
        if unknown:
            raise ValidationError(f"{unknown[0]} is not a plan field", field=unknown[0])
        terms = replace(self.terms, **changes).checked()
        if terms == self.terms:
            return self
        return replace(self, terms=terms, updated_at=now)
