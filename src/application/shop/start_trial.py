from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.clock import Clock
from src.application.ports.customers import SubscriptionTerms
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import (
    FeatureDisabled,
    ShopPaused,
    TrialAlreadyUsed,
    UserNotRegistered,
)
from src.application.shop.provision import (
    LEASE,
    Provisioned,
    ProvisionSubscription,
    provision_job,
)
from src.application.tenancy.config import GetConfig
from src.application.tenancy.features import GetFeatures
from src.core.billing.settings import gib_to_bytes
from src.core.shop.subscription import Subscription
from src.core.tenancy.tenant import Tenant


@dataclass(frozen=True, slots=True)
class TrialOutcome:
    subscription: Subscription
    provisioning: Provisioned


class StartTrial:
    """One free trial per user (PRODUCT 3.7).

    Rules: only with `trial_subscription` on and an active tenant; once per user
    (a second request, even concurrent, is TrialAlreadyUsed); days, GB and devices
    from the tenant's config; a user with time left keeps it and gets the trial
    days on top; provisioned like a purchase (no money involved).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        config: GetConfig,
        provision: ProvisionSubscription,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._config, self._provision = config, provision

    async def __call__(self, tenant: Tenant, telegram_id: int) -> TrialOutcome:
        if not tenant.sells:
            raise ShopPaused("this shop is paused")
        if not await self._features.is_enabled(tenant.id, "trial_subscription"):
            raise FeatureDisabled("trials are not offered")
        self._provision.ensure_available()
        config = await self._config(tenant.id)
        now = self._clock.now()
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            if not await uow.users.mark_trial_used(user.id, now):
                raise TrialAlreadyUsed("the trial was used already")
            terms = SubscriptionTerms(
                plan_id=None,
                days=config["trial_days"],
                traffic_limit_bytes=gib_to_bytes(config["trial_traffic_gb"]),
                device_limit=config["trial_device_limit"],
                is_trial=True,
            )
            subscription = await uow.subscriptions.extend(user.id, terms, now)
            squads = tuple(config["panel_squads"])
            job = await uow.outbox.enqueue(
                provision_job(
                    subscription, user, squads, days=terms.days, reset=False, refund=None
                ),
                now,
                now + LEASE,
            )
            await uow.commit()
        provisioning, fresh = await self._provision.run_leased(tenant.id, job)
        return TrialOutcome(fresh or subscription, provisioning)
