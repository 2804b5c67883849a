"""Reading a tenant's wallet and its ledger (docs/billing.md; the API's GET routes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.billing.settings import BillingSettings
from src.core.billing.wallet import BillingDefaults, Wallet, WalletEntry
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant


@dataclass(frozen=True, slots=True)
class WalletView:
    """A wallet with its effective settings and its tenant (for the status)."""

    tenant: Tenant
    wallet: Wallet
    settings: BillingSettings

    @classmethod
    def of(cls, tenant: Tenant, wallet: Wallet, defaults: BillingDefaults) -> WalletView:
        return cls(tenant, wallet, wallet.settings.effective(defaults))


class GetWallet:
    """A tenant's wallet: balance, effective settings, tenant status.

    Rules: an unknown tenant is not found; a tenant whose wallet was never used
    has balance 0 and the default settings (reading creates nothing).
    """

    def __init__(self, uow: UnitOfWorkFactory, defaults: BillingDefaults) -> None:
        self._uow, self._defaults = uow, defaults

    async def __call__(self, tenant_id: TenantId) -> WalletView:
        async with self._uow.for_tenant(tenant_id) as uow:
            tenant = await require_own_tenant(uow.tenant)
            wallet = await uow.wallet.get() or Wallet.empty(tenant_id)
        return WalletView.of(tenant, wallet, self._defaults)


@dataclass(frozen=True, slots=True)
class LedgerPage:
    items: Sequence[WalletEntry]
    total: int


class ListWalletLedger:
    """A tenant's wallet ledger, newest first, paginated. Unknown tenant: not found."""

    MAX_LIMIT = 200

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, tenant_id: TenantId, *, limit: int = 50, offset: int = 0
    ) -> LedgerPage:
        limit = max(1, min(limit, self.MAX_LIMIT))
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            items, total = await uow.wallet.entries(limit=limit, offset=max(0, offset))
        return LedgerPage(items, total)
