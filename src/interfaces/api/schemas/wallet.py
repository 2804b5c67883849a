"""Tenant wallet schemas (docs/billing.md). Amounts are minor units of FLEET_CURRENCY."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from src.application.billing.top_up import MAX_TOP_UP, NOTE_MAX
from src.application.billing.wallet_view import LedgerPage, WalletView
from src.core.billing.settings import AMOUNT_MAX, BillingModel
from src.core.billing.wallet import WalletEntry, WalletKind
from src.core.tenancy.tenant import TenantStatus
from src.interfaces.api.schemas.common import Input

TopUpAmount = Annotated[int, Meta(ge=1, le=MAX_TOP_UP, description="minor units of FLEET_CURRENCY")]
Note = Annotated[str, Meta(min_length=1, max_length=NOTE_MAX)]
Amount = Annotated[int, Meta(ge=0, le=AMOUNT_MAX, description="minor units of FLEET_CURRENCY")]
Threshold = Annotated[
    int, Meta(ge=-AMOUNT_MAX, le=AMOUNT_MAX, description="minor units; may be negative")
]
Percent = Annotated[int, Meta(ge=0, le=100)]


class WalletOut(msgspec.Struct):
    """The balance and the effective billing settings. `model_is_default` and
    `rate_is_default`: the value follows FLEET_BILLING_MODEL / FLEET_BILLING_RATE_PER_GB.
    `unlimited_wholesale_price` null: unlimited plans cannot be sold under `sale`."""

    tenant_id: int
    balance: int
    currency: str
    billing_model: BillingModel
    rate_per_gb: int
    credit_limit: int
    status: TenantStatus
    hybrid_prepay_percent: int
    unlimited_wholesale_price: int | None
    low_balance_threshold: int
    suspend_threshold: int
    model_is_default: bool
    rate_is_default: bool

    @classmethod
    def of(cls, view: WalletView, currency: str) -> WalletOut:
        s, stored = view.settings, view.wallet.settings
        return cls(
            tenant_id=view.tenant.id,
            balance=view.wallet.balance,
            currency=currency,
            billing_model=s.model,
            rate_per_gb=s.rate_per_gb,
            credit_limit=s.credit_limit,
            status=view.tenant.status,
            hybrid_prepay_percent=s.hybrid_prepay_percent,
            unlimited_wholesale_price=s.unlimited_wholesale_price,
            low_balance_threshold=s.low_balance_threshold,
            suspend_threshold=s.suspend_threshold,
            model_is_default=stored.model is None,
            rate_is_default=stored.rate_per_gb is None,
        )


class WalletEntryOut(msgspec.Struct):
    """One ledger row. `amount` is signed (credits positive); `traffic_bytes`: the
    bytes a sale prepaid or a traffic charge billed (negative on a refund)."""

    id: int
    kind: WalletKind
    amount: int
    balance_after: int
    traffic_bytes: int
    panel_username: str | None
    reference: str
    created_at: datetime

    @classmethod
    def of(cls, e: WalletEntry) -> WalletEntryOut:
        return cls(
            e.id,
            e.kind,
            e.amount,
            e.balance_after,
            e.traffic_bytes,
            e.panel_username,
            e.reference,
            e.created_at,
        )


class WalletLedgerOut(msgspec.Struct):
    """Newest first."""

    items: list[WalletEntryOut]
    total: int

    @classmethod
    def of(cls, page: LedgerPage) -> WalletLedgerOut:
        return cls([WalletEntryOut.of(e) for e in page.items], page.total)


class TopUpIn(Input):
    amount: TopUpAmount
    note: Note | None = None


class TopUpOut(msgspec.Struct):
    """`replayed`: the Idempotency-Key was used before; this is the first top-up."""

    entry: WalletEntryOut
    wallet: WalletOut
    replayed: bool


class WalletSettingsIn(Input):
    """Only the fields sent change. `billing_model` or `rate_per_gb` null: back to the
    platform default; `unlimited_wholesale_price` null: not set."""

    billing_model: BillingModel | UnsetType | None = UNSET
    rate_per_gb: Amount | UnsetType | None = UNSET
    hybrid_prepay_percent: Percent | UnsetType = UNSET
    unlimited_wholesale_price: Amount | UnsetType | None = UNSET
    credit_limit: Amount | UnsetType = UNSET
    low_balance_threshold: Threshold | UnsetType = UNSET
    suspend_threshold: Threshold | UnsetType = UNSET
