"""`SaleBilling` on the tenant wallet: the sale model and the prepaid share of hybrid."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from src.application import cache_keys
from src.application.billing.errors import SaleRefused
from src.application.billing.notices import WalletNotices
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import TenantUnitOfWork
from src.core.billing.charges import (
    SaleCharge,
    SoldTraffic,
    UnlimitedPlanNotSellable,
    WalletLimitReached,
    check_sale,
    sale_charge,
)
from src.core.billing.wallet import (
    BillingDefaults,
    DuplicateWalletPosting,
    Wallet,
    WalletKind,
    WalletPosting,
    WalletSettings,
    low_balance_pending,
)
from src.core.shop.ledger import DuplicatePosting
from src.core.shop.user import panel_username


class WalletSaleBilling:
    """Charge the tenant wallet for a sale, inside the sale's transaction (docs/billing.md).

    Rules:
    - the wallet row is locked first (created with default settings when missing),
      so concurrent sales of one tenant are serial: with room for one, one passes;
    - the charge is `sale_charge` of the effective settings; `check_sale` against
      the credit limit refuses it with SaleRefused, and an unlimited plan without
      a wholesale price too: the caller's transaction then rolls back (the buyer's
      debit included) and the tenant's admins are told why (throttled);
    - the master tenant is never refused: the platform does not bill itself, but
      its charges are recorded (traffic sold);
    - a trial is sold the same way (`SoldTraffic` of kind `trial_charge`);
    - one ledger row per sale, key `sale:{reference}`; a reference charged before
      raises the shop's DuplicatePosting (the same purchase again); the bytes the
      sale prepaid are added to the buyer's traffic meter, by panel username
      t{bot_id}_{telegram_id} (the panel user may not exist yet);
    - a sale that costs the wallet nothing writes nothing, not even prepaid bytes
      (they are a claim bought with money); whether it does is read from the
      cached settings (docs/architecture.md#flags-and-config: invalidated at once by a settings
      change, in
      every process with Redis), so a shop that is not billed pays no round trip;
    - `refund_sale` reverses the charge and the prepaid bytes, once (key
      `refund:{reference}`); a sale never charged is a no-op.
    """

    def __init__(
        self, defaults: BillingDefaults, clock: Clock, cache: Cache, notices: WalletNotices
    ) -> None:
        self._defaults, self._clock, self._cache = defaults, clock, cache
        self._notices = notices

    async def charge_sale(
        self,
        uow: TenantUnitOfWork,
        sold: SoldTraffic,
        reference: str,
        *,
        telegram_id: int | None = None,
    ) -> None:
        if await self._free(uow, sold):
            return
        now = self._clock.now()
        stored = await uow.wallet.get(for_update=True)
        wallet = stored or Wallet.empty(uow.tenant_id)
        charge = await self._admit(uow, wallet, sold)
        if charge.amount == 0:
            return
        if stored is None:  # a first charge (a refused sale never gets here): make the row
            wallet = await uow.wallet.lock(now)
        key = f"sale:{reference}"
        username = panel_username(uow.tenant_id, telegram_id) if telegram_id is not None else None
        posting = WalletPosting(
            sold.kind,
            -charge.amount,
            sold.reference,
            key,
            traffic_bytes=charge.prepaid_bytes,
            panel_username=username,
        )
        try:
            entry = await uow.wallet.post(posting, now)
        except DuplicateWalletPosting:
            raise DuplicatePosting(key) from None
        if username is not None and charge.prepaid_bytes:
            await uow.meters.add_prepaid(username, charge.prepaid_bytes, now)
        await self._flag(uow, wallet, entry.balance_after, now)

    async def _free(self, uow: TenantUnitOfWork, sold: SoldTraffic) -> bool:
        """Whether the sale costs nothing by the tenant's cached settings: then nothing
        is read or written. Only "free" is decided from the cache; any charge is
        computed again from the locked wallet row."""

        async def load() -> WalletSettings:
            wallet = await uow.wallet.get()
            return wallet.settings if wallet is not None else WalletSettings()

        key = cache_keys.wallet_settings(uow.tenant_id)
        stored: WalletSettings = await self._cache.get_or_load(key, load)
        try:
            charge = sale_charge(
                stored.effective(self._defaults), sold.traffic_gb, sold.period_days
            )
        except UnlimitedPlanNotSellable:
            return False
        return charge.amount == 0

    async def _admit(self, uow: TenantUnitOfWork, wallet: Wallet, sold: SoldTraffic) -> SaleCharge:
        settings = wallet.settings.effective(self._defaults)
        charge: SaleCharge | None = None
        try:
            charge = sale_charge(settings, sold.traffic_gb, sold.period_days)
            check_sale(wallet.balance, charge.amount, settings.credit_limit)
        except (WalletLimitReached, UnlimitedPlanNotSellable) as exc:
            tenant = await uow.tenant.get()
            if tenant is not None and tenant.is_master:
                return charge or SaleCharge(0, 0)
            if tenant is not None:
                self._notices.sale_refused(
                    tenant,
                    sold.label,
                    exc.code,
                    charge=charge.amount if charge else 0,
                    available=wallet.balance + settings.credit_limit,
                )
            raise SaleRefused(
                "the tenant's wallet cannot carry this sale", reason=exc.code
            ) from exc
        return charge

    async def refund_sale(self, uow: TenantUnitOfWork, reference: str) -> None:
        sale = await uow.wallet.by_key(f"sale:{reference}")
        if sale is None:
            return
        now = self._clock.now()
        wallet = await uow.wallet.lock(now)
        posting = WalletPosting(
            WalletKind.REFUND,
            -sale.amount,
            sale.reference,
            f"refund:{reference}",
            traffic_bytes=-sale.traffic_bytes,
            panel_username=sale.panel_username,
        )
        try:
            entry = await uow.wallet.post(posting, now)
        except DuplicateWalletPosting:  # refunded before
            return
        if sale.panel_username is not None and sale.traffic_bytes:
            await uow.meters.add_prepaid(sale.panel_username, -sale.traffic_bytes, now)
        await self._flag(uow, wallet, entry.balance_after, now)

    async def _flag(self, uow: TenantUnitOfWork, wallet: Wallet, after: int, now: datetime) -> None:
        threshold = wallet.settings.effective(self._defaults).low_balance_threshold
        pending = low_balance_pending(wallet.low_balance_pending, wallet.balance, after, threshold)
        if pending != wallet.low_balance_pending:
            await uow.wallet.save(replace(wallet, low_balance_pending=pending), now)
