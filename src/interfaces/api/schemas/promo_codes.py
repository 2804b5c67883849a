"""Promo code schemas (docs/growth.md, "Promo codes")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from src.application.growth.promo_codes import PromoPage
from src.core.growth import promo as rules
from src.core.growth.promo import PromoCode, PromoKind
from src.interfaces.api.schemas.common import Input

Code = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=32,
        pattern="^[A-Za-z0-9_-]+$",
        description="letters, digits, '-' or '_'; stored upper-case, unique per tenant",
    ),
]
Value = Annotated[
    int,
    Meta(
        ge=1,
        le=rules.VALUE_MAX["balance"],
        description="balance: minor units; days: 1-3650 days; discount: 1-100 percent",
    ),
]
MaxUses = Annotated[int, Meta(ge=1, le=rules.MAX_USES, description="null: unlimited")]
Moment = Annotated[datetime, Meta(tz=True)]


class PromoCodeOut(msgspec.Struct):
    id: int
    code: str
    kind: PromoKind
    value: int
    max_uses: int | None
    uses: int
    valid_from: datetime | None
    valid_until: datetime | None
    active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: PromoCode) -> PromoCodeOut:
        t = p.terms
        return cls(
            p.id,
            t.code,
            t.kind,
            t.value,
            t.max_uses,
            p.uses,
            t.valid_from,
            t.valid_until,
            t.active,
            p.created_at,
            p.updated_at,
        )


class PromoCodePageOut(msgspec.Struct):
    """Ordered by id; `total` counts every code."""

    items: list[PromoCodeOut]
    total: int

    @classmethod
    def of(cls, page: PromoPage) -> PromoCodePageOut:
        return cls([PromoCodeOut.of(p) for p in page.items], page.total)


class PromoCodeIn(Input):
    code: Code
    kind: PromoKind
    value: Value
    max_uses: MaxUses | None = None
    valid_from: Moment | None = None
    valid_until: Moment | None = None
    active: bool = True


class PromoCodePatchIn(Input):
    code: Code | UnsetType = UNSET
    kind: PromoKind | UnsetType = UNSET
    value: Value | UnsetType = UNSET
    max_uses: MaxUses | UnsetType | None = UNSET
    valid_from: Moment | UnsetType | None = UNSET
    valid_until: Moment | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET
