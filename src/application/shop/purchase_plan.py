from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.billing import SaleBilling
from src.application.ports.clock import Clock
from src.application.ports.customers import NewProvisionJob, SubscriptionTerms
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.application.shop.errors import (
    NotEnoughBalance,
    PlanUnavailable,
    ShopPaused,
    UserNotRegistered,
)
from src.application.shop.provision import Provisioned, ProvisionSubscription
from src.application.tenancy.config import GetConfig
from src.core.ids import PlanId, ShopUserId
from src.core.shop.ledger import DuplicatePosting, LedgerKind, Posting
from src.core.shop.subscription import Subscription, extended_expiry, traffic_bytes
from src.core.tenancy.tenant import Tenant


@dataclass(frozen=True, slots=True)
class PurchaseInput:
    tenant: Tenant
    telegram_id: int
    plan_id: PlanId
    request_key: str  # one purchase per key (the confirm button's nonce, a renewal period)
    kind: LedgerKind = LedgerKind.PURCHASE


@dataclass(frozen=True, slots=True)
class PurchaseOutcome:
    subscription: Subscription
    provisioning: Provisioned
    balance: int
    repeated: bool = False  # the same request was bought before; nothing new happened


class PurchasePlan:
    """Buy or renew a plan from the user's balance (PRODUCT 3.4).

    Rules:
    - only an active tenant sells, and only an active plan of that tenant;
    - not enough balance: NotEnoughBalance with the exact missing amount, nothing
      is charged;
    - the debit, the tenant-wallet charge, the new subscription terms and the
      provisioning job commit together or not at all;
    - the user's row is locked for the purchase: of two concurrent purchases with
      balance for one, exactly one succeeds; the same request key twice is one
      purchase (a unique ledger key);
    - buying again extends from the later of now and the current expiry;
    - after commit the panel is asked at once; if it fails the outbox retries
      until it succeeds (the subscription shows as activating meanwhile), and if
      the panel refuses for good the debit and the wallet charge are reversed.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        billing: SaleBilling,
        config: GetConfig,
        provision: ProvisionSubscription,
    ) -> None:
        self._uow, self._clock, self._billing = uow, clock, billing
        self._config, self._provision = config, provision

    async def __call__(self, data: PurchaseInput) -> PurchaseOutcome:
        if not data.tenant.sells:
            raise ShopPaused("this shop is paused")
        self._provision.ensure_available()
        squads = tuple((await self._config(data.tenant.id))["panel_squads"])
        key = f"purchase:{data.request_key}"
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant.id) as uow:
            user = await uow.users.by_telegram_id(data.telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            plan = await uow.plans.get(data.plan_id)
            if plan is None or not plan.terms.active:
                raise PlanUnavailable("this plan is not on sale")
            price = plan.terms.price
            if await uow.ledger.by_key(key) is not None:
                return await self._repeated(uow, user.id, user.balance)
            if user.balance < price:
                raise NotEnoughBalance(price - user.balance, price)
            posting = Posting(data.kind, -price, f"plan:{plan.id}", key) if price else None
            try:
                entry = await uow.ledger.post(user.id, posting, now) if posting else None
            except DuplicatePosting:
                return await self._repeated(uow, user.id, user.balance)
            await self._billing.charge_sale(uow, plan, key)
            current = await uow.subscriptions.of_user(user.id, for_update=True)
            terms = SubscriptionTerms(
                plan_id=plan.id,
                expires_at=extended_expiry(
                    current.expires_at if current else None, now, plan.terms.period_days
                ),
                traffic_limit_bytes=traffic_bytes(plan.terms.traffic_gb),
                device_limit=plan.terms.device_limit,
                is_trial=False,
            )
            subscription = await uow.subscriptions.put(user.id, terms, now)
            job_id = await uow.outbox.enqueue(
                NewProvisionJob(
                    subscription_id=subscription.id,
                    user_id=user.id,
                    telegram_id=user.telegram_id,
                    expires_at=terms.expires_at,
                    traffic_limit_bytes=terms.traffic_limit_bytes,
                    device_limit=terms.device_limit,
                    squads=squads,
                    reset_traffic=True,
                    refund_key=key if price else None,
                ),
                now,
            )
            await uow.commit()
        balance = entry.balance_after if entry else user.balance
        provisioning = await self._provision(data.tenant.id, job_id)
        if provisioning is not Provisioned.RETRYING:
            async with self._uow.for_tenant(data.tenant.id) as uow:
                fresh = await uow.subscriptions.get(subscription.id)
            subscription = fresh or subscription
            if provisioning is Provisioned.REFUNDED:
                balance = user.balance
        return PurchaseOutcome(subscription, provisioning, balance)

    @staticmethod
    async def _repeated(
        uow: TenantUnitOfWork, user_id: ShopUserId, balance: int
    ) -> PurchaseOutcome:
        subscription = await uow.subscriptions.of_user(user_id)
        if subscription is None:  # pragma: no cover - a purchase always leaves one
            raise PlanUnavailable("purchase not found")
        done = Provisioned.DONE if subscription.provisioned else Provisioned.RETRYING
        return PurchaseOutcome(subscription, done, balance, repeated=True)
