"""`/api/v1/tenants/{tenant_id}/wallet`: the tenant's wallet, ledger, top-ups, settings."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, JSONBody, Parameter

from src.application.billing.top_up import TopUpInput, TopUpWallet
from src.application.billing.update_settings import UpdateWalletSettings, WalletSettingsInput
from src.application.billing.wallet_view import GetWallet, ListWalletLedger
from src.core.audit import API_MASTER
from src.core.ids import TenantId
from src.interfaces.api.auth import MASTER_ONLY
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id, keep_unset
from src.interfaces.api.schemas.wallet import (
    TopUpIn,
    TopUpOut,
    WalletEntryOut,
    WalletLedgerOut,
    WalletOut,
    WalletSettingsIn,
)

TOP_UP_KEY_MAX = 100
Limit = Annotated[int, Parameter(ge=1, le=ListWalletLedger.MAX_LIMIT)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=TOP_UP_KEY_MAX,
        pattern=r"^[!-~]+$",
        description=(
            "Visible ASCII; a retried top-up with the same key credits once and is "
            "answered with the first one (`replayed`)"
        ),
    ),
]


class WalletController(Controller):
    path = "/tenants/{tenant_id:int}/wallet"
    tags = ("wallet",)

    @get("/", **doc(404))
    async def get_wallet(
        self, tenant_id: Id, currency: NamedDependency[str], get_wallet: NamedDependency[GetWallet]
    ) -> WalletOut:
        """The balance, the effective billing settings and the tenant's status (a tenant
        token: its own wallet, read-only)."""
        return WalletOut.of(await get_wallet(TenantId(tenant_id)), currency)

    @get("/ledger", **doc(404))
    async def list_wallet_ledger(
        self,
        tenant_id: Id,
        list_wallet_ledger: NamedDependency[ListWalletLedger],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> WalletLedgerOut:
        """The wallet's ledger, newest first: top-ups, sale and traffic charges, refunds."""
        page = await list_wallet_ledger(TenantId(tenant_id), limit=limit, offset=offset)
        return WalletLedgerOut.of(page)

    @post("/top-ups", opt=MASTER_ONLY, **doc(403, 404, 409))
    async def top_up_wallet(
        self,
        tenant_id: Id,
        data: JSONBody[TopUpIn],
        currency: NamedDependency[str],
        top_up_wallet: NamedDependency[TopUpWallet],
        idempotency_key: IdempotencyKey = None,
    ) -> TopUpOut:
        """Credit the wallet (master only). A suspended tenant whose balance reaches its
        suspend threshold is resumed at once. An `Idempotency-Key` used before for
        another amount: 409 `idempotency_key_reused`."""
        done = await top_up_wallet(
            TopUpInput(TenantId(tenant_id), data.amount, data.note, idempotency_key, API_MASTER)
        )
        return TopUpOut(
            WalletEntryOut.of(done.entry), WalletOut.of(done.view, currency), done.replayed
        )

    @put("/settings", opt=MASTER_ONLY, **doc(403, 404))
    async def update_wallet_settings(
        self,
        tenant_id: Id,
        data: JSONBody[WalletSettingsIn],
        currency: NamedDependency[str],
        update_wallet_settings: NamedDependency[UpdateWalletSettings],
    ) -> WalletOut:
        """Change billing settings (master only); the fields not sent keep their value."""
        view = await update_wallet_settings(
            WalletSettingsInput(
                tenant_id=TenantId(tenant_id),
                model=keep_unset(data.billing_model),
                rate_per_gb=keep_unset(data.rate_per_gb),
                hybrid_prepay_percent=keep_unset(data.hybrid_prepay_percent),
                unlimited_wholesale_price=keep_unset(data.unlimited_wholesale_price),
                credit_limit=keep_unset(data.credit_limit),
                low_balance_threshold=keep_unset(data.low_balance_threshold),
                suspend_threshold=keep_unset(data.suspend_threshold),
                actor=API_MASTER,
            )
        )
        return WalletOut.of(view, currency)
