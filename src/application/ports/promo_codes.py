"""Promo codes of one tenant (`promo_codes`, `promo_redemptions`, `promo_attempts`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from src.core.growth.promo import PromoCode, PromoKind, PromoPerk, PromoTerms
from src.core.ids import ShopUserId


class PromoCodeRepository(Protocol):
    """Bound to one tenant; no method takes a tenant id.

    - `add` and `save` raise PromoCodeTaken when another code of the tenant has the code;
    - `take_use` counts one use, atomically, only while the code is active, valid at
      `now` and below `max_uses`: of concurrent callers for the last use one gets True;
    - `redeem` records the user's redemption once (False: redeemed before);
    - `perks` lists the user's unconsumed days and discount redemptions whose code
      still exists and (for a discount) is still valid; `consume` marks one used;
    - `failures_since` counts the user's wrong codes since a moment; `fail` adds one.
    """

    async def list(self, *, limit: int, offset: int) -> tuple[Sequence[PromoCode], int]: ...

    async def get(self, promo_id: int) -> PromoCode | None: ...

    async def by_code(self, code: str) -> PromoCode | None: ...

    async def add(self, terms: PromoTerms, now: datetime) -> PromoCode: ...

    async def save(self, promo: PromoCode) -> None: ...

    async def delete(self, promo_id: int) -> bool: ...

    async def take_use(self, promo_id: int, now: datetime) -> bool: ...

    async def redeem(
        self, promo_id: int, user_id: ShopUserId, kind: PromoKind, pending: bool, now: datetime
    ) -> bool: ...

    async def perks(self, user_id: ShopUserId, now: datetime) -> Sequence[PromoPerk]: ...

    async def consume(self, promo_id: int, user_id: ShopUserId, now: datetime) -> None: ...

    async def failures_since(self, user_id: ShopUserId, since: datetime) -> int: ...

    async def fail(self, user_id: ShopUserId, now: datetime) -> None: ...
