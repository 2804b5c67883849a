"""In-memory twin of the promo code repository (kept equal by tests/contract)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from src.core.growth.promo import PromoCode, PromoCodeTaken, PromoKind, PromoPerk, PromoTerms
from src.core.ids import ShopUserId, TenantId


@dataclass(frozen=True, slots=True)
class Redemption:
    kind: PromoKind
    pending: bool
    created_at: datetime
    seq: int


@dataclass
class PromoTables:
    codes: dict[tuple[TenantId, int], PromoCode] = field(default_factory=dict)
    redemptions: dict[tuple[TenantId, int, ShopUserId], Redemption] = field(default_factory=dict)
    attempts: list[tuple[TenantId, ShopUserId, datetime]] = field(default_factory=list)
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def __deepcopy__(self, memo: dict[int, Any]) -> PromoTables:
        return PromoTables(dict(self.codes), dict(self.redemptions), list(self.attempts), self.ids)

    def drop_tenant(self, tenant_id: TenantId) -> None:
        self.codes = {k: v for k, v in self.codes.items() if k[0] != tenant_id}
        self.redemptions = {k: v for k, v in self.redemptions.items() if k[0] != tenant_id}
        self.attempts = [a for a in self.attempts if a[0] != tenant_id]


class InMemoryPromoCodeRepository:
    def __init__(self, tables: Callable[[], PromoTables], tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    def _mine(self) -> list[PromoCode]:
        return sorted((p for (t, _), p in self._db().codes.items() if t == self._t), key=_id)

    def _check_code(self, code: str, promo_id: int | None) -> None:
        if any(p.terms.code == code and p.id != promo_id for p in self._mine()):
            raise PromoCodeTaken("another promo code of this shop has this code")

    async def list(self, *, limit: int, offset: int) -> tuple[Sequence[PromoCode], int]:
        mine = self._mine()
        return mine[offset : offset + limit], len(mine)

    async def get(self, promo_id: int) -> PromoCode | None:
        return self._db().codes.get((self._t, promo_id))

    async def by_code(self, code: str) -> PromoCode | None:
        return next((p for p in self._mine() if p.terms.code == code), None)

    async def add(self, terms: PromoTerms, now: datetime) -> PromoCode:
        self._check_code(terms.code, None)
        promo = PromoCode(next(self._db().ids), terms, 0, now, now)
        self._db().codes[(self._t, promo.id)] = promo
        return promo

    async def save(self, promo: PromoCode) -> None:
        self._check_code(promo.terms.code, promo.id)
        current = self._db().codes.get((self._t, promo.id))
        if current is not None:
            self._db().codes[(self._t, promo.id)] = replace(promo, uses=current.uses)

    async def delete(self, promo_id: int) -> bool:
        db = self._db()
        db.redemptions = {k: v for k, v in db.redemptions.items() if k[:2] != (self._t, promo_id)}
        return db.codes.pop((self._t, promo_id), None) is not None

    async def take_use(self, promo_id: int, now: datetime) -> bool:
        promo = self._db().codes.get((self._t, promo_id))
        if promo is None or not promo.terms.valid_at(now):
            return False
        if promo.terms.max_uses is not None and promo.uses >= promo.terms.max_uses:
            return False
        self._db().codes[(self._t, promo_id)] = replace(promo, uses=promo.uses + 1)
        return True

    async def redeem(
        self, promo_id: int, user_id: ShopUserId, kind: PromoKind, pending: bool, now: datetime
    ) -> bool:
        db, key = self._db(), (self._t, promo_id, user_id)
        if key in db.redemptions:
            return False
        db.redemptions[key] = Redemption(kind, pending, now, next(db.ids))
        return True

    async def perks(self, user_id: ShopUserId, now: datetime) -> Sequence[PromoPerk]:
        db, found = self._db(), []
        for (t, promo_id, uid), r in db.redemptions.items():
            promo = db.codes.get((t, promo_id))
            if t != self._t or uid != user_id or not r.pending or promo is None:
                continue
            if r.kind is PromoKind.DISCOUNT and not promo.terms.valid_at(now):
                continue
            found.append((r.created_at, promo_id, PromoPerk(promo_id, r.kind, promo.terms.value)))
        return [perk for *_, perk in sorted(found, key=lambda f: (f[0], f[1]))]

    async def consume(self, promo_id: int, user_id: ShopUserId, now: datetime) -> None:
        db, key = self._db(), (self._t, promo_id, user_id)
        if key in db.redemptions:
            db.redemptions[key] = replace(db.redemptions[key], pending=False)

    async def failures_since(self, user_id: ShopUserId, since: datetime) -> int:
        return sum(
            1 for t, u, at in self._db().attempts if (t, u) == (self._t, user_id) and at >= since
        )

    async def fail(self, user_id: ShopUserId, now: datetime) -> None:
        self._db().attempts.append((self._t, user_id, now))


def _id(promo: PromoCode) -> int:
    return promo.id
