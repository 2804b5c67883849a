"""In-memory twins of the card-to-card repositories (the use-case tests run on both sets).

Transactions of the in-memory store are serial, so `lock` needs no lock and a
conditional update is a plain check; the foreign keys' ON DELETE SET NULL of the
card and the plan are applied when a payment is read.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from src.application.ports.card_payments import NewCardPayment
from src.core.ids import ShopUserId, TenantId
from src.core.payments.card_payment import CardPayment, CardPaymentStatus
from src.core.payments.rotation import RotationState

if TYPE_CHECKING:
    from src.infrastructure.memory.store import MemoryData


@dataclass
class PaymentTables:
    payments: dict[int, tuple[TenantId, CardPayment]] = field(default_factory=dict)
    rotation: dict[TenantId, RotationState] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(1))
    unseen_alerted: dict[int, datetime] = field(default_factory=dict)  # payment id -> when

    def __deepcopy__(self, memo: dict[int, Any]) -> PaymentTables:
        # rows are frozen dataclasses: copying the containers is a full snapshot
        return PaymentTables(
            dict(self.payments), dict(self.rotation), self.ids, dict(self.unseen_alerted)
        )

    def drop_tenant(self, tenant_id: TenantId) -> None:
        self.payments = {k: v for k, v in self.payments.items() if v[0] != tenant_id}
        self.rotation.pop(tenant_id, None)
        self.unseen_alerted = {k: v for k, v in self.unseen_alerted.items() if k in self.payments}


Data = Callable[[], "MemoryData"]


class InMemoryCardPaymentRepository:
    def __init__(self, data: Data, tenant_id: TenantId) -> None:
        self._data, self._t = data, tenant_id

    def _tables(self) -> PaymentTables:
        return self._data().payments

    def _seen(self, payment: CardPayment) -> CardPayment:
        data = self._data()
        if payment.card_id is not None and (self._t, payment.card_id) not in data.cards:
            payment = replace(payment, card_id=None)
        if payment.plan_id is not None and (self._t, payment.plan_id) not in data.plans:
            payment = replace(payment, plan_id=None)
        return payment

    def _mine(self) -> list[CardPayment]:
        return [self._seen(p) for t, p in self._tables().payments.values() if t == self._t]

    async def add(self, new: NewCardPayment) -> CardPayment | None:
        tables = self._tables()
        if any(p.tracking_number == new.tracking_number for p in self._mine()):
            raise ValueError("duplicate tracking number")  # as the unique key would
        if await self.by_offer(new.offer_key) is not None:
            return None  # as ON CONFLICT (bot_id, offer_key) DO NOTHING
        payment = CardPayment(
            id=next(tables.ids),
            user_id=new.user_id,
            card_id=new.card_id,
            card_masked=new.card_masked,
            amount=new.amount,
            tracking_number=new.tracking_number,
            status=CardPaymentStatus.PENDING,
            receipt=new.receipt,
            plan_id=new.plan_id,
            created_at=new.now,
            expires_at=new.expires_at,
            offer_key=new.offer_key,
            media_group_id=new.media_group_id,
        )
        tables.payments[payment.id] = (self._t, payment)
        return payment

    async def by_offer(self, offer_key: str) -> CardPayment | None:
        return next((p for p in self._mine() if p.offer_key == offer_key), None)

    async def get(self, payment_id: int) -> CardPayment | None:
        row = self._tables().payments.get(payment_id)
        return self._seen(row[1]) if row is not None and row[0] == self._t else None

    async def count_pending(self, user_id: ShopUserId) -> int:
        return sum(1 for p in self._mine() if p.user_id == user_id and p.pending)

    async def selections_since(self, since: datetime) -> Mapping[int, int]:
        counts: dict[int, int] = {}
        for p in self._mine():
            if p.card_id is not None and p.created_at >= since:
                counts[p.card_id] = counts.get(p.card_id, 0) + 1
        return counts

    async def _move(self, payment_id: int, ok: bool, **changes: Any) -> CardPayment | None:
        payment = await self.get(payment_id)
        if payment is None or not payment.pending or not ok:
            return None
        moved = replace(payment, **changes)
        self._tables().payments[payment_id] = (self._t, moved)
        return moved

    async def decide(
        self,
        payment_id: int,
        status: CardPaymentStatus,
        decided_by: str,
        note: str | None,
        now: datetime,
    ) -> CardPayment | None:
        payment = await self.get(payment_id)
        unexpired = payment is not None and payment.expires_at > now
        return await self._move(
            payment_id, unexpired, status=status, decided_by=decided_by, decided_at=now, note=note
        )

    async def expire(self, payment_id: int, now: datetime) -> CardPayment | None:
        payment = await self.get(payment_id)
        due = payment is not None and payment.expires_at <= now
        return await self._move(payment_id, due, status=CardPaymentStatus.EXPIRED, decided_at=now)

    async def set_admin_message(self, payment_id: int, chat_id: int, message_id: int) -> None:
        payment = await self.get(payment_id)
        if payment is not None:
            moved = replace(payment, admin_chat_id=chat_id, admin_message_id=message_id)
            self._tables().payments[payment_id] = (self._t, moved)

    async def list(
        self, status: CardPaymentStatus | None, *, limit: int, offset: int
    ) -> tuple[Sequence[CardPayment], int]:
        found = sorted(
            (p for p in self._mine() if status is None or p.status is status),
            key=lambda p: -p.id,
        )
        return found[offset : offset + limit], len(found)

    def _unseen(self) -> Sequence[CardPayment]:
        found = [p for p in self._mine() if p.pending and not p.seen]
        return sorted(found, key=lambda p: (p.created_at, p.id))

    async def unseen(self, limit: int) -> Sequence[CardPayment]:
        return self._unseen()[:limit]

    async def unseen_alert_open(self) -> bool:
        return any(p.id in self._tables().unseen_alerted for p in self._unseen())

    async def mark_unseen_alerted(self, now: datetime) -> int:
        alerted = self._tables().unseen_alerted
        fresh = [p.id for p in self._unseen() if p.id not in alerted]
        alerted.update(dict.fromkeys(fresh, now))
        return len(fresh)


class InMemoryRotationStateRepository:
    def __init__(self, data: Data, tenant_id: TenantId) -> None:
        self._data, self._t = data, tenant_id

    async def lock(self) -> RotationState:
        return self._data().payments.rotation.setdefault(self._t, RotationState.initial())

    async def save(self, state: RotationState) -> None:
        self._data().payments.rotation[self._t] = state


class InMemoryDueCardPayments:
    def __init__(self, data: Data) -> None:
        self._data = data

    async def overdue(self, now: datetime, limit: int) -> Sequence[tuple[TenantId, int]]:
        rows = sorted(
            (p.expires_at, t, p.id)
            for t, p in self._data().payments.payments.values()
            if p.pending and p.expires_at <= now
        )
        return [(t, pid) for _, t, pid in rows[:limit]]

    async def unseen_since(self, before: datetime, limit: int) -> Sequence[TenantId]:
        tables = self._data().payments
        oldest: dict[TenantId, datetime] = {}
        for t, p in tables.payments.values():
            unseen = p.pending and not p.seen and p.id not in tables.unseen_alerted
            if unseen and p.created_at <= before:
                oldest[t] = min(oldest.get(t, p.created_at), p.created_at)
        return sorted(oldest, key=lambda t: oldest[t])[:limit]
