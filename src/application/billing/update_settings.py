"""The master sets a tenant's billing settings (docs/billing.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from src.application import cache_keys
from src.application.audit.audit_trail import Change, audit_change
from src.application.billing.status import AnnounceStatus, billing_transition
from src.application.billing.wallet_view import WalletView
from src.application.patch import KEEP, Keep, given
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.billing.settings import BillingModel, BillingSettings
from src.core.billing.wallet import BillingDefaults
from src.core.ids import TenantId


@dataclass(frozen=True, slots=True)
class WalletSettingsInput:
    """Only the fields sent change. `model` and `rate_per_gb` None: back to the
    platform default; `unlimited_wholesale_price` None: not set."""

    tenant_id: TenantId
    model: BillingModel | Keep | None = KEEP
    rate_per_gb: int | Keep | None = KEEP
    hybrid_prepay_percent: int | Keep = KEEP
    unlimited_wholesale_price: int | Keep | None = KEEP
    credit_limit: int | Keep = KEEP
    low_balance_threshold: int | Keep = KEEP
    suspend_threshold: int | Keep = KEEP
    actor: str | None = None  # named: the change is audited


class UpdateWalletSettings:
    """Change a tenant's billing settings; master only (the API route is master-only).

    Rules:
    - the resulting effective settings must be valid (`BillingSettings.validate`,
      a ValidationError names the field); nothing changes otherwise;
    - the tenant row and then its wallet are locked; a suspended tenant whose
      balance is at or above the new suspend threshold is resumed at once, while a
      higher threshold never suspends by itself (only a traffic charge does);
    - a pending low-balance warning is dropped when the balance is at or above the
      new threshold; a lower balance than a raised threshold is no crossing;
    - the cached settings that sales read are invalidated after the commit.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        cache: Cache,
        defaults: BillingDefaults,
        announce: AnnounceStatus,
    ) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache
        self._defaults, self._announce = defaults, announce

    async def __call__(self, data: WalletSettingsInput) -> WalletView:
        now = self._clock.now()
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, data.tenant_id, for_update=True)
            wallets = uow.wallets.of(tenant.id)
            wallet = await wallets.lock(now)
            before = wallet.settings.effective(self._defaults)
            stored = replace(wallet.settings, **given(data, skip=("tenant_id", "actor")))
            settings = stored.effective(self._defaults).validate()
            pending = wallet.low_balance_pending and wallet.balance < settings.low_balance_threshold
            wallet = replace(wallet, settings=stored, low_balance_pending=pending)
            await wallets.save(wallet, now)
            changed = billing_transition(
                tenant, wallet.balance, settings, now, after_traffic_charge=False
            )
            if changed is not None:
                await uow.tenants.save(changed)
            change = Change(
                tenant.id,
                "wallet.settings",
                f"wallet:{tenant.id}",
                _summary(before),
                _summary(settings),
            )
            await audit_change(uow.audit, data.actor, change, now)
            await uow.commit()
        await self._cache.invalidate(cache_keys.wallet_settings(tenant.id))
        if changed is not None:
            await self._announce(changed, wallet.balance, settings)
            tenant = changed
        return WalletView.of(tenant, wallet, self._defaults)


def _summary(s: BillingSettings) -> str:
    return (
        f"{s.model.value}, rate {s.rate_per_gb}, credit {s.credit_limit}, "
        f"low {s.low_balance_threshold}, suspend {s.suspend_threshold}"
    )
