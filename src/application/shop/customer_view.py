"""What the bot shows a user about themself: account, subscription, live panel data."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.uow import UnitOfWorkFactory
from src.application.ports.vpn_panel import PanelUser, VpnPanel
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.shop.panel_deadline import PANEL_DEADLINE_IN_UPDATES, within_deadline
from src.application.shop.provision import find_panel_user
from src.application.tenancy.features import GetFeatures
from src.core.errors import DomainError
from src.core.ids import TenantId
from src.core.shop.ledger import LedgerEntry
from src.core.shop.subscription import Subscription
from src.core.shop.user import ShopUser
from src.core.tenancy.tenant import LANGUAGES, Tenant

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CustomerView:
    user: ShopUser
    subscription: Subscription | None
    panel: PanelUser | None  # live traffic and link; None when the panel is not reachable
    live_unavailable: bool = False  # live data was asked for and the panel did not give it
    history: Sequence[LedgerEntry] = ()  # the newest balance movements, newest first


class GetCustomer:
    """The user's account and subscription (docs/shop.md#my-subscription); traffic used comes
    live from
    the panel, and a panel that does not answer (or not within `deadline_s`: this
    runs while the user waits) only hides the live numbers."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        panel: VpnPanel | None,
        deadline_s: float | None = PANEL_DEADLINE_IN_UPDATES,
    ) -> None:
        self._uow, self._panel, self._deadline = uow, panel, deadline_s

    async def __call__(
        self, tenant_id: TenantId, telegram_id: int, *, live: bool, history: int = 0
    ) -> CustomerView:
        """`history`: how many of the newest ledger rows to read with the account (one
        transaction, so they add up to the balance shown)."""
        async with self._uow.for_tenant(tenant_id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            if user is None:
                raise UserNotRegistered("send /start first")
            subscription = await uow.subscriptions.of_user(user.id)
            rows = await uow.ledger.entries(user.id, limit=history, offset=0) if history else ()
        if not live or subscription is None or self._panel is None:
            return CustomerView(user, subscription, None, history=rows)
        try:
            panel_user = await within_deadline(
                self._deadline,
                find_panel_user(self._panel, tenant_id, telegram_id, subscription.panel_user_id),
            )
        except DomainError as exc:
            log.warning("panel not reachable for a view", extra={"code": exc.code})
            return CustomerView(user, subscription, None, live_unavailable=True, history=rows)
        return CustomerView(user, subscription, panel_user, history=rows)


class UserLanguage:
    """The language a user reads, from the cache (read on almost every update);
    an unregistered user reads the tenant's default."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant: Tenant, telegram_id: int) -> str:
        return await self._cache.get_or_load(
            cache_keys.user_language(tenant.id, telegram_id),
            lambda: self._load(tenant, telegram_id),
        )

    async def _load(self, tenant: Tenant, telegram_id: int) -> str:
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
        return user.language if user else tenant.default_language


class SetAutoRenew:
    """The user's auto-renewal switch (docs/shop.md#my-subscription).

    Rules: only while the tenant's `auto_renewal` flag is on (a forged press with it
    off is refused and changes nothing); only for a registered user; returns the
    switch as stored, so two presses in a row flip it twice, never into an unknown
    state.
    """

    def __init__(self, uow: UnitOfWorkFactory, features: GetFeatures) -> None:
        self._uow, self._features = uow, features

    async def __call__(self, tenant_id: TenantId, telegram_id: int, on: bool) -> bool:
        if not await self._features.is_enabled(tenant_id, "auto_renewal"):
            raise FeatureDisabled("auto-renewal is off in this shop")
        async with self._uow.for_tenant(tenant_id) as uow:
            user = await uow.users.by_telegram_id(telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            await uow.users.set_auto_renew(user.id, on)
            await uow.commit()
        return on


class SetLanguage:
    """The user's language (fa, en, ru); anything else is ignored."""

    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow, self._cache = uow, cache

    async def __call__(self, tenant_id: TenantId, telegram_id: int, language: str) -> str | None:
        if language not in LANGUAGES:
            return None
        async with self._uow.for_tenant(tenant_id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            if user is None:
                raise UserNotRegistered("send /start first")
            await uow.users.set_language(user.id, language)
            await uow.commit()
        await self._cache.invalidate(cache_keys.user_language(tenant_id, telegram_id))
        return language
