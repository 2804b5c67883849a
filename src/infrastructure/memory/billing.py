"""In-memory twins of the billing repositories (kept equal by tests/contract)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from src.application.ports.wallets import TrafficMeter
from src.core.billing.settings import BillingModel
from src.core.billing.wallet import (
    DuplicateWalletPosting,
    Wallet,
    WalletEntry,
    WalletPosting,
    WalletSettings,
)
from src.core.ids import TenantId

METERED = (BillingModel.CONSUMPTION, BillingModel.HYBRID)


@dataclass
class BillingTables:
    wallets: dict[TenantId, Wallet] = field(default_factory=dict)
    ledger: dict[tuple[TenantId, str], WalletEntry] = field(default_factory=dict)  # by key
    meters: dict[tuple[TenantId, str], TrafficMeter] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def __deepcopy__(self, memo: dict[int, Any]) -> BillingTables:
        # rows are frozen dataclasses: copying the containers is a full snapshot
        return BillingTables(dict(self.wallets), dict(self.ledger), dict(self.meters), self.ids)

    def drop_tenant(self, tenant_id: TenantId) -> None:
        self.wallets.pop(tenant_id, None)
        self.ledger = {k: v for k, v in self.ledger.items() if k[0] != tenant_id}
        self.meters = {k: v for k, v in self.meters.items() if k[0] != tenant_id}


Tables = Callable[[], BillingTables]


class InMemoryTenantWallet:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    async def get(self, *, for_update: bool = False) -> Wallet | None:
        return self._db().wallets.get(self._t)

    async def lock(self, now: datetime) -> Wallet:
        wallets = self._db().wallets
        if self._t not in wallets:
            wallets[self._t] = Wallet(self._t, 0, WalletSettings(), updated_at=now)
        return wallets[self._t]

    async def post(self, posting: WalletPosting, now: datetime) -> WalletEntry:
        db = self._db()
        wallet = db.wallets.get(self._t)
        if wallet is None:
            raise RuntimeError("post to a wallet that was not locked (it has no row)")
        if (self._t, posting.idempotency_key) in db.ledger:
            raise DuplicateWalletPosting(posting.idempotency_key)
        balance = wallet.balance + posting.amount
        entry = WalletEntry(
            id=next(db.ids),
            kind=posting.kind,
            amount=posting.amount,
            balance_after=balance,
            traffic_bytes=posting.traffic_bytes,
            panel_username=posting.panel_username,
            reference=posting.reference,
            idempotency_key=posting.idempotency_key,
            created_at=now,
        )
        db.ledger[(self._t, posting.idempotency_key)] = entry
        db.wallets[self._t] = replace(wallet, balance=balance, updated_at=now)
        return entry

    async def by_key(self, idempotency_key: str) -> WalletEntry | None:
        return self._db().ledger.get((self._t, idempotency_key))

    async def entries(self, *, limit: int, offset: int) -> tuple[Sequence[WalletEntry], int]:
        mine = sorted(
            (e for (t, _), e in self._db().ledger.items() if t == self._t),
            key=lambda e: e.id,
            reverse=True,
        )
        return mine[offset : offset + limit], len(mine)

    async def save(self, wallet: Wallet, now: datetime) -> None:
        current = self._db().wallets.get(self._t)
        if current is not None:
            self._db().wallets[self._t] = replace(
                wallet, tenant_id=self._t, balance=current.balance, updated_at=now
            )


class InMemoryTrafficMeters:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    async def lock(self, usernames: Collection[str]) -> dict[str, TrafficMeter]:
        meters = self._db().meters
        found = (meters.get((self._t, name)) for name in usernames)
        return {m.panel_username: m for m in found if m is not None}

    async def put(self, meters: Sequence[TrafficMeter], now: datetime) -> None:
        table = self._db().meters
        for meter in meters:
            table[(self._t, meter.panel_username)] = meter

    async def add_prepaid(self, panel_username: str, delta: int, now: datetime) -> None:
        table = self._db().meters
        meter = table.get((self._t, panel_username)) or TrafficMeter(panel_username, None, 0, 0)
        prepaid = max(meter.prepaid_bytes_left + delta, 0)
        table[(self._t, panel_username)] = replace(meter, prepaid_bytes_left=prepaid)


class InMemoryWalletDirectory:
    def __init__(self, tables: Tables, tenants: Callable[[], Collection[TenantId]]) -> None:
        self._db, self._tenants = tables, tenants

    def of(self, tenant_id: TenantId) -> InMemoryTenantWallet:
        return InMemoryTenantWallet(self._db, tenant_id)

    async def metered(self, default_model: BillingModel) -> Sequence[TenantId]:
        wallets = self._db().wallets
        found = []
        for tenant_id in sorted(self._tenants()):
            wallet = wallets.get(tenant_id)
            model = (wallet.settings.model if wallet else None) or default_model
            if model in METERED:
                found.append(tenant_id)
        return found

    async def low_balance_pending(self) -> Sequence[TenantId]:
        return sorted(t for t, w in self._db().wallets.items() if w.low_balance_pending)
