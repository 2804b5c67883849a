"""Plan and payment card schemas.

A card's full number is in its responses because only its own tenant and the
master can reach them (another tenant gets 404); `masked` is always there for
display, and is what logs and other views use.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from src.core.payments import card as card_rules
from src.core.payments.card import PaymentCard
from src.core.shop import plan as plan_rules
from src.core.shop.plan import Plan
from src.interfaces.api.schemas.common import Input

PlanName = Annotated[str, Meta(min_length=1, max_length=plan_rules.NAME_MAX)]
PeriodDays = Annotated[int, Meta(ge=1, le=plan_rules.PERIOD_DAYS_MAX)]
Price = Annotated[
    int, Meta(ge=0, le=plan_rules.PRICE_MAX, description="minor units of FLEET_CURRENCY")
]
TrafficGb = Annotated[int, Meta(ge=0, le=plan_rules.TRAFFIC_GB_MAX, description="0 = unlimited")]
DeviceLimit = Annotated[
    int, Meta(ge=0, le=plan_rules.DEVICE_LIMIT_MAX, description="0 = unlimited")
]
SortOrder = Annotated[int, Meta(ge=-plan_rules.SORT_ORDER_LIMIT, le=plan_rules.SORT_ORDER_LIMIT)]
CardNumber = Annotated[
    str, Meta(min_length=1, max_length=64, description="16-19 digits, spaces or dashes allowed")
]
HolderName = Annotated[str, Meta(min_length=1, max_length=card_rules.HOLDER_MAX)]
Weight = Annotated[int, Meta(ge=card_rules.WEIGHT_MIN, le=card_rules.WEIGHT_MAX)]


class PlanOut(msgspec.Struct):
    id: int
    name: str
    period_days: int
    price: int
    traffic_gb: int
    device_limit: int
    active: bool
    sort_order: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Plan) -> PlanOut:
        t = p.terms
        return cls(
            p.id,
            t.name,
            t.period_days,
            t.price,
            t.traffic_gb,
            t.device_limit,
            t.active,
            t.sort_order,
            p.created_at,
            p.updated_at,
        )


class PlanListOut(msgspec.Struct):
    """Ordered by (sort_order, id)."""

    items: list[PlanOut]


class PlanIn(Input):
    name: PlanName
    period_days: PeriodDays
    price: Price
    traffic_gb: TrafficGb
    device_limit: DeviceLimit
    active: bool = True
    sort_order: SortOrder = 0


class PlanPatchIn(Input):
    name: PlanName | UnsetType = UNSET
    period_days: PeriodDays | UnsetType = UNSET
    price: Price | UnsetType = UNSET
    traffic_gb: TrafficGb | UnsetType = UNSET
    device_limit: DeviceLimit | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    sort_order: SortOrder | UnsetType = UNSET


class CardOut(msgspec.Struct):
    id: int
    card_number: str
    masked: str
    holder_name: str
    weight: int
    active: bool
    success_count: int
    failure_count: int
    last_used_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, c: PaymentCard) -> CardOut:
        return cls(
            id=c.id,
            card_number=c.card_number,
            masked=c.masked(),
            holder_name=c.details.holder_name,
            weight=c.details.weight,
            active=c.details.active,
            success_count=c.success_count,
            failure_count=c.failure_count,
            last_used_at=c.last_used_at,
            created_at=c.created_at,
        )


class CardListOut(msgspec.Struct):
    """Ordered by id."""

    items: list[CardOut]


class CardIn(Input):
    card_number: CardNumber
    holder_name: HolderName
    weight: Weight = 1
    active: bool = True


class CardPatchIn(Input):
    """The number cannot change (a new number is a new card)."""

    holder_name: HolderName | UnsetType = UNSET
    weight: Weight | UnsetType = UNSET
    active: bool | UnsetType = UNSET
