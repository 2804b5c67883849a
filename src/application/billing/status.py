"""Suspension and resumption of a tenant by its wallet (docs/billing.md#thresholds)."""

from __future__ import annotations

from datetime import datetime

from src.application import cache_keys
from src.application.billing.notices import WalletNotices
from src.application.ports.cache import Cache
from src.application.ports.events import TenantEvents
from src.core.billing.settings import BillingSettings
from src.core.billing.thresholds import should_resume, should_suspend
from src.core.tenancy.tenant import Tenant, TenantStatus


def billing_transition(
    tenant: Tenant,
    balance: int,
    settings: BillingSettings,
    now: datetime,
    *,
    after_traffic_charge: bool,
) -> Tenant | None:
    """The tenant after billing looked at its balance, or None when nothing changes.

    Rules: the master tenant never changes; an active tenant is suspended when a
    traffic charge left the balance below the suspend threshold (sales are bounded
    by the credit limit instead); a suspended tenant resumes as soon as the balance
    is at or above it (a top-up, a refund, a lower threshold); disabled and failed
    tenants are an admin's or Telegram's business, never billing's.
    """
    if tenant.is_master:
        return None
    threshold = settings.suspend_threshold
    if (
        tenant.status is TenantStatus.ACTIVE
        and after_traffic_charge
        and should_suspend(balance, threshold)
    ):
        return tenant.suspend(now)
    if tenant.status is TenantStatus.SUSPENDED and should_resume(balance, threshold):
        return tenant.resume(now)
    return None


class AnnounceStatus:
    """After the commit of a billing transition: caches, bots in every process, admins."""

    def __init__(self, cache: Cache, events: TenantEvents, notices: WalletNotices) -> None:
        self._cache, self._events, self._notices = cache, events, notices

    async def __call__(self, tenant: Tenant, balance: int, settings: BillingSettings) -> None:
        await self._cache.invalidate(cache_keys.tenant(tenant.id))
        await self._events.publish(tenant.id)
        if tenant.status is TenantStatus.SUSPENDED:
            await self._notices.suspended(tenant, balance, settings.suspend_threshold)
        else:
            await self._notices.resumed(tenant, balance)
