from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.billing import SaleBilling
from src.application.ports.clock import Clock
from src.application.ports.customers import SubscriptionTerms
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import (
    FeatureDisabled,
    ShopPaused,
    TrialAlreadyUsed,
    TrialNotOffered,
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
from src.core.billing.charges import SoldTraffic
from src.core.billing.settings import gib_to_bytes
from src.core.billing.wallet import WalletKind
from src.core.shop.subscription import Subscription, trial_offered
from src.core.shop.trial import TrialLimits
from src.core.tenancy.tenant import Tenant


@dataclass(frozen=True, slots=True)
class TrialOutcome:
    subscription: Subscription
    provisioning: Provisioned


class StartTrial:
    """One free trial per new user (docs/shop.md#trial).

    Rules:
    - only with `trial_subscription` on and an active tenant;
    - only for a user who never had a subscription of this tenant (a trial never
      replaces a bought plan: TrialNotOffered) and once per user (a second
      request, even concurrent, is TrialAlreadyUsed); both checked under the
      user's row lock, which a purchase takes too;
    - days, GiB and devices from the tenant's config within the platform's caps
      (`TrialLimits.grant`: never unlimited);
    - free for the user, not for the tenant: the trial's traffic is a sale on the
      tenant wallet (`trial_charge`, key `sale:trial:{user id}`) in the same
      transaction, refused like a sale (SaleRefused, nothing changes) when the
      wallet cannot carry it; a panel that refuses for good reverses the charge;
    - provisioned like a purchase.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        config: GetConfig,
        provision: ProvisionSubscription,
        billing: SaleBilling,
        limits: TrialLimits,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._config, self._provision = config, provision
        self._billing, self._limits = billing, limits

    async def __call__(self, tenant: Tenant, telegram_id: int) -> TrialOutcome:
        if not tenant.sells:
            raise ShopPaused("this shop is paused")
        if not await self._features.is_enabled(tenant.id, "trial_subscription"):
            raise FeatureDisabled("trials are not offered")
        self._provision.ensure_available()
        config = await self._config(tenant.id)
        grant = self._limits.grant(config)
        now = self._clock.now()
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            if user.trial_used:
                raise TrialAlreadyUsed("the trial was used already")
            if not trial_offered(user, await uow.subscriptions.of_user(user.id)):
                raise TrialNotOffered("the trial is for new customers")
            await uow.users.mark_trial_used(user.id, now)
            reference = f"trial:{user.id}"
            sold = SoldTraffic(
                "trial", "trial", grant.traffic_gb, grant.days, WalletKind.TRIAL_CHARGE
            )
            await self._billing.charge_sale(uow, sold, reference, telegram_id=telegram_id)
            terms = SubscriptionTerms(
                plan_id=None,
                days=grant.days,
                traffic_limit_bytes=gib_to_bytes(grant.traffic_gb),
                device_limit=grant.device_limit,
                is_trial=True,
            )
            subscription = await uow.subscriptions.extend(user.id, terms, now)
            squads = tuple(config["panel_squads"])
            job = await uow.outbox.enqueue(
                provision_job(
                    subscription, user, squads, days=terms.days, reset=False, refund=reference
                ),
                now,
                now + LEASE,
            )
            await uow.commit()
        provisioning, fresh = await self._provision.run_leased(tenant.id, job)
        return TrialOutcome(fresh or subscription, provisioning)
