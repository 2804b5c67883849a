"""In-memory twins of the online-payment repositories (same rules as the SQL ones)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from src.application.ports.online_payments import (
    DueOnlinePayment,
    NewOnlinePayment,
    StoredCredentials,
)
from src.core.ids import TenantId
from src.core.payments.online import OnlinePayment, OnlineStatus


@dataclass
class OnlineTables:
    payments: dict[tuple[TenantId, str, str], OnlinePayment] = field(default_factory=dict)
    credentials: dict[tuple[TenantId, str], StoredCredentials] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def __deepcopy__(self, memo: dict[int, Any]) -> OnlineTables:
        # rows are frozen dataclasses: copying the containers is a full snapshot
        return OnlineTables(dict(self.payments), dict(self.credentials), self.ids)

    def drop_tenant(self, tenant_id: TenantId) -> None:
        self.payments = {k: p for k, p in self.payments.items() if p.tenant_id != tenant_id}
        self.credentials = {k: c for k, c in self.credentials.items() if k[0] != tenant_id}


Tables = Callable[[], OnlineTables]


class InMemoryOnlinePaymentRepository:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._tables, self._t = tables, tenant_id

    async def add(self, new: NewOnlinePayment, now: datetime) -> OnlinePayment:
        key = (self._t, new.provider, new.payment_id)
        if key in self._tables().payments:
            raise ValueError("duplicate provider payment id")  # the unique key in SQL
        payment = OnlinePayment(
            next(self._tables().ids),
            self._t,
            new.user_id,
            new.telegram_id,
            new.provider,
            new.payment_id,
            new.amount,
            new.currency,
            OnlineStatus.PENDING,
            new.plan_id,
            now,
            now,
        )
        self._tables().payments[key] = payment
        return payment

    async def get(
        self, provider: str, payment_id: str, *, for_update: bool = False
    ) -> OnlinePayment | None:
        return self._tables().payments.get((self._t, provider, payment_id))

    async def pending_count(self, provider: str) -> int:
        return sum(
            1
            for (t, p, _), row in self._tables().payments.items()
            if t == self._t and p == provider and row.status is OnlineStatus.PENDING
        )

    async def set_status(self, payment_id: int, status: OnlineStatus, now: datetime) -> None:
        rows = self._tables().payments
        for key, payment in rows.items():
            if payment.id == payment_id and payment.tenant_id == self._t:
                rows[key] = replace(payment, status=status, updated_at=now)


class InMemoryProviderCredentialsRepository:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._tables, self._t = tables, tenant_id

    async def get(self, provider: str) -> StoredCredentials | None:
        return self._tables().credentials.get((self._t, provider))

    async def put(self, provider: str, sealed: bytes, test_mode: bool, now: datetime) -> None:
        self._tables().credentials[(self._t, provider)] = StoredCredentials(sealed, test_mode, now)

    async def delete(self, provider: str) -> bool:
        return self._tables().credentials.pop((self._t, provider), None) is not None

    async def all(self) -> Mapping[str, StoredCredentials]:
        return {p: c for (t, p), c in self._tables().credentials.items() if t == self._t}


class InMemoryDueOnlinePayments:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables

    async def pending(self, before: datetime, limit: int) -> Sequence[DueOnlinePayment]:
        rows = sorted(
            (p for p in self._tables().payments.values() if p.status is OnlineStatus.PENDING),
            key=lambda p: p.created_at,
        )
        return [
            DueOnlinePayment(p.tenant_id, p.provider, p.payment_id)
            for p in rows
            if p.created_at <= before
        ][:limit]

    async def take(self, before: datetime, limit: int, now: datetime) -> Sequence[DueOnlinePayment]:
        table = self._tables().payments
        due = sorted(
            (
                (key, p)
                for key, p in table.items()
                if p.status is OnlineStatus.PENDING and p.created_at <= before
            ),
            key=lambda kp: (kp[1].updated_at, kp[1].id),
        )[:limit]
        for key, p in due:
            table[key] = replace(p, updated_at=now)
        return [DueOnlinePayment(p.tenant_id, p.provider, p.payment_id) for _, p in due]
