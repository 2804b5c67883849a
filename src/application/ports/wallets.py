"""Ports of tenant wallets and traffic metering (docs/billing.md)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.core.billing.settings import BillingModel
from src.core.billing.wallet import Wallet, WalletEntry, WalletPosting
from src.core.ids import TenantId


class TenantWallet(Protocol):
    """This tenant's wallet row (`tenant_wallets`) and its ledger (`wallet_ledger`).

    Bound to one tenant; no method takes a tenant id.
    - `get` reads the wallet, None while it has no row (rows are created lazily);
      `for_update` locks an existing row until the transaction ends;
    - `lock` creates the row when missing (stored settings all default) and locks
      it until the transaction ends (SELECT ... FOR UPDATE); every balance change
      happens under this lock, taken before any traffic meter of the tenant;
    - `post` locks the wallet, appends one row with the balance after it and moves
      the balance by its amount, atomically (concurrent postings queue on the lock);
      the balance may go negative (limits are the use cases' rules); a used
      idempotency key raises DuplicateWalletPosting, changes nothing and leaves
      the caller's transaction usable, as the user ledger's `post` does; the
      wallet's row must exist (`lock` creates it);
    - `save` writes the settings, `traffic_carry` and `low_balance_pending` (never
      the balance: only `post` moves it);
    - `entries` is newest first, with the total count.
    """

    async def get(self, *, for_update: bool = False) -> Wallet | None: ...

    async def lock(self, now: datetime) -> Wallet: ...

    async def post(self, posting: WalletPosting, now: datetime) -> WalletEntry: ...

    async def by_key(self, idempotency_key: str) -> WalletEntry | None: ...

    async def entries(self, *, limit: int, offset: int) -> tuple[Sequence[WalletEntry], int]: ...

    async def save(self, wallet: Wallet, now: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class TrafficMeter:
    """The billing job's memory of one panel user of this tenant, by panel username.

    `panel_user_id` is the panel id the last reading came from (None: prepaid at
    a sale, never read yet); a different id for the same username means the panel
    user was deleted and recreated, so its counter restarted from 0.
    """

    panel_username: str
    panel_user_id: int | None
    last_lifetime_bytes: int
    prepaid_bytes_left: int


class TrafficMeters(Protocol):
    """This tenant's traffic meters (`traffic_meters`), one per panel username.

    Bound to one tenant.
    - `lock` returns the existing meters of these usernames, locked until the
      transaction ends (a missing username is simply absent);
    - `put` creates or replaces meters;
    - `add_prepaid` adds `delta` prepaid bytes (a negative delta removes them, never
      below 0), creating a meter without a reading when the username has none.
    """

    async def lock(self, usernames: Collection[str]) -> dict[str, TrafficMeter]: ...

    async def put(self, meters: Sequence[TrafficMeter], now: datetime) -> None: ...

    async def add_prepaid(self, panel_username: str, delta: int, now: datetime) -> None: ...


class WalletDirectory(Protocol):
    """Platform-scoped wallet access: the billing job and the master's wallet changes.

    - `of` is that tenant's `TenantWallet` inside this same transaction;
    - `metered` lists, in id order, the tenants billed by consumption: their stored
      model, or `default_model` when they have none, is consumption or hybrid;
    - `low_balance_pending` lists the tenants whose low-balance warning awaits
      delivery.
    """

    def of(self, tenant_id: TenantId) -> TenantWallet: ...

    async def metered(self, default_model: BillingModel) -> Sequence[TenantId]: ...

    async def low_balance_pending(self) -> Sequence[TenantId]: ...
