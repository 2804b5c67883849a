from __future__ import annotations

from dataclasses import dataclass

from src.application.growth.promo_codes import claim_perks, spend_perks
from src.application.growth.referrals import ReferralRewards
from src.application.ports.billing import SaleBilling
from src.application.ports.clock import Clock
from src.application.ports.customers import SubscriptionTerms
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import (
    NotEnoughBalance,
    PlanChanged,
    PlanUnavailable,
    ShopPaused,
    UserNotRegistered,
)
from src.application.shop.plan_catalog import PlanCatalog
from src.application.shop.provision import (
    LEASE,
    Provisioned,
    ProvisionSubscription,
    provision_job,
)
from src.application.tenancy.config import GetConfig
from src.core.billing.settings import gib_to_bytes
from src.core.growth.promo import discounted
from src.core.ids import PlanId
from src.core.shop.ledger import DuplicatePosting, LedgerKind, Posting
from src.core.shop.subscription import Subscription
from src.core.tenancy.tenant import Tenant


@dataclass(frozen=True, slots=True)
class PurchaseInput:
    tenant: Tenant
    telegram_id: int
    plan_id: PlanId
    request_key: str  # one purchase per key (the confirm button's nonce, a renewal period)
    kind: LedgerKind = LedgerKind.PURCHASE
    offer: str | None = None  # the `Plan.offer` the buyer confirmed; None: the current deal


@dataclass(frozen=True, slots=True)
class PurchaseOutcome:
    subscription: Subscription
    provisioning: Provisioned
    balance: int
    repeated: bool = False  # the same request was bought before; nothing new happened


class PurchasePlan:
    """Buy or renew a plan from the user's balance (docs/shop.md#purchase).

    Rules:
    - only an active tenant sells, and only an active plan of that tenant;
    - a confirmed purchase (`offer` set) charges the deal the buyer confirmed: if
      the plan's price, period, traffic or devices changed since, PlanChanged
      carries the new plan for a fresh confirmation and nothing is charged (a
      request bought before stays that purchase: `repeated`);
    - not enough balance: NotEnoughBalance with the exact missing amount, nothing
      is charged;
    - the debit, the tenant-wallet charge, the new subscription terms and the
      provisioning job commit together or not at all;
    - the user's row is locked for the purchase: of two concurrent purchases with
      balance for one, exactly one succeeds; the same request key twice is one
      purchase (a unique ledger key);
    - buying again extends from the later of now and the current expiry;
    - redeemed promo perks apply and are spent in the same transaction: the oldest
      valid discount code takes its percent off the price, days codes add their
      days (docs/growth.md, "Promo codes");
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
        plans: PlanCatalog,
        provision: ProvisionSubscription,
        referrals: ReferralRewards,
    ) -> None:
        self._uow, self._clock, self._billing = uow, clock, billing
        self._config, self._plans, self._provision = config, plans, provision
        self._referrals = referrals

    async def __call__(self, data: PurchaseInput) -> PurchaseOutcome:
        if not data.tenant.sells:
            raise ShopPaused("this shop is paused")
        self._provision.ensure_available()
        squads = tuple((await self._config(data.tenant.id))["panel_squads"])
        plan = await self._plans.active(data.tenant.id, data.plan_id)  # cached, before the lock
        key = f"purchase:{data.request_key}"
        now = self._clock.now()
        try:
            async with self._uow.for_tenant(data.tenant.id) as uow:
                user = await uow.users.by_telegram_id(data.telegram_id, for_update=True)
                if user is None:
                    raise UserNotRegistered("send /start first")
                if data.offer is not None and data.offer != plan.offer:
                    if await uow.ledger.by_key(key) is not None:
                        raise DuplicatePosting(key)
                    raise PlanChanged(plan)
                perks = await claim_perks(uow, user.id, now)
                price = discounted(plan.terms.price, perks.discount)
                if user.balance < price:
                    raise NotEnoughBalance(price - user.balance, price)
                entry, notices = None, []
                if price:
                    posting = Posting(data.kind, -price, f"plan:{plan.id}", key)
                    entry = await uow.ledger.post(user.id, posting, now)
                    notices = await self._referrals.after_credit(uow, user, entry, now)
                await self._billing.charge_sale(uow, plan.sold, key, telegram_id=user.telegram_id)
                days = plan.terms.period_days + perks.extra_days
                terms = SubscriptionTerms(
                    plan_id=plan.id,
                    days=days,
                    traffic_limit_bytes=gib_to_bytes(plan.terms.traffic_gb),
                    device_limit=plan.terms.device_limit,
                    is_trial=False,
                )
                subscription = await uow.subscriptions.extend(user.id, terms, now)
                job = await uow.outbox.enqueue(
                    provision_job(
                        subscription,
                        user,
                        squads,
                        days=days,
                        reset=True,
                        refund=key,
                    ),
                    now,
                    now + LEASE,
                )
                await spend_perks(uow, user.id, perks, now)
                await uow.commit()
        except DuplicatePosting:
            return await self._repeated(data)
        await self._referrals.announce(data.tenant.id, notices)
        balance = entry.balance_after if entry else user.balance
        provisioning, fresh = await self._provision.run_leased(data.tenant.id, job)
        if provisioning is Provisioned.REFUNDED:
            balance = user.balance
        return PurchaseOutcome(fresh or subscription, provisioning, balance)

    async def _repeated(self, data: PurchaseInput) -> PurchaseOutcome:
        async with self._uow.for_tenant(data.tenant.id) as uow:
            user = await uow.users.by_telegram_id(data.telegram_id)
            subscription = await uow.subscriptions.of_user(user.id) if user else None
        if user is None or subscription is None:  # pragma: no cover - a purchase leaves both
            raise PlanUnavailable("purchase not found")
        done = Provisioned.DONE if subscription.provisioned else Provisioned.RETRYING
        return PurchaseOutcome(subscription, done, user.balance, repeated=True)
