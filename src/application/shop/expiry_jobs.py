from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from src.application.notices import AutoRenewed, ExpiryReminder
from src.application.ports.clock import Clock
from src.application.ports.notices import UserNotifier
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import NotEnoughBalance, PlanUnavailable, ShopPaused
from src.application.shop.provision import Provisioned, ProvisionSubscription
from src.application.shop.purchase_plan import PurchaseInput, PurchasePlan
from src.application.tenancy.config import GetConfig
from src.application.tenancy.features import GetFeatures
from src.application.tenancy.get_tenant import GetTenant
from src.core.errors import DomainError
from src.core.ids import SubscriptionId, TenantId
from src.core.shop.ledger import LedgerKind

log = logging.getLogger(__name__)
HORIZON = timedelta(days=61)  # the largest reminder_days the config registry allows, plus one
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class ExpiryReport:
    renewed: int = 0
    reminded: int = 0


class RunExpiryJobs:
    """Auto-renewal and reminders before expiry (docs/shop.md#reminders-and-auto-renewal), run
    by the scheduler.

    Rules:
    - with `auto_renewal` on, the user's switch on (`ShopUser.auto_renew`, the
      subscription screen), a paid plan still on sale and enough balance, a
      subscription is renewed within `hours_before_expiry` of its end, exactly
      once per period (the ledger key is the subscription and its current expiry),
      and the user is told; a renewal that cannot be paid falls back to reminders;
    - a reminder is sent once per (subscription, expiry, days-before) for the
      smallest configured `reminder_days` whose threshold the remaining time
      crossed since the expiry was set (`Subscription.reminder_due`: a 3-day
      trial gets no "3 days left" at its start); it counts days as users do
      (`days_left`); the mark is recorded before sending, so two runs (or two
      processes) never both send;
    - a tenant that does not sell is skipped.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        tenants: GetTenant,
        features: GetFeatures,
        config: GetConfig,
        purchase: PurchasePlan,
        notifier: UserNotifier,
    ) -> None:
        self._uow, self._clock, self._tenants = uow, clock, tenants
        self._features, self._config = features, config
        self._purchase, self._notifier = purchase, notifier

    async def __call__(self) -> ExpiryReport:
        now = self._clock.now()
        async with self._uow.platform() as uow:
            due = await uow.due.expiring(now, now + HORIZON, BATCH)
        renewed = reminded = 0
        for tenant_id, subscription_id in due:
            try:
                outcome = await self._one(tenant_id, subscription_id, now)
            except DomainError as exc:
                log.warning(
                    "expiry job skipped one", extra={"tenant_id": tenant_id, "code": exc.code}
                )
                continue
            renewed += outcome == "renewed"
            reminded += outcome == "reminded"
        return ExpiryReport(renewed, reminded)

    async def _one(
        self, tenant_id: TenantId, subscription_id: SubscriptionId, now: datetime
    ) -> str:
        tenant = await self._tenants(tenant_id)
        if not tenant.sells:
            return "skipped"
        async with self._uow.for_tenant(tenant_id) as uow:
            sub = await uow.subscriptions.get(subscription_id)
            user = await uow.users.get(sub.user_id) if sub else None
        if sub is None or user is None or sub.expires_at <= now:
            return "skipped"
        left = sub.expires_at - now
        renewal = (await self._features(tenant_id))["auto_renewal"]
        window = timedelta(hours=int(renewal.config.get("hours_before_expiry", 24)))
        if (
            renewal.enabled
            and user.auto_renew
            and sub.plan_id is not None
            and not sub.is_trial
            and left <= window
        ):
            try:
                outcome = await self._purchase(
                    PurchaseInput(
                        tenant,
                        user.telegram_id,
                        sub.plan_id,
                        request_key=f"renewal:{sub.id}:{sub.expires_at.isoformat()}",
                        kind=LedgerKind.RENEWAL,
                    )
                )
            except (NotEnoughBalance, PlanUnavailable, ShopPaused):
                pass
            else:
                if not outcome.repeated:
                    renewed = AutoRenewed(
                        tenant_id=tenant_id,
                        chat_id=user.telegram_id,
                        language=user.language,
                        expires_at=outcome.subscription.expires_at,
                    )
                    await self._notifier.notify(renewed)
                    return "renewed"
                return "skipped"
        days = sub.reminder_due(now, (await self._config(tenant_id))["reminder_days"])
        if days is None:
            return "skipped"
        async with self._uow.for_tenant(tenant_id) as uow:
            first = await uow.subscriptions.remember_reminder(sub.id, sub.expires_at, days)
            await uow.commit()
        if not first:
            return "skipped"
        reminder = ExpiryReminder(
            tenant_id=tenant_id,
            chat_id=user.telegram_id,
            language=user.language,
            expires_at=sub.expires_at,
            days_left=sub.days_left(now),
        )
        await self._notifier.notify(reminder)
        return "reminded"


class DrainProvisioning:
    """Run the provisioning jobs whose time has come (outbox worker)."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, provision: ProvisionSubscription
    ) -> None:
        self._uow, self._clock, self._provision = uow, clock, provision

    async def __call__(self, limit: int = 200) -> int:
        async with self._uow.platform() as uow:
            due = await uow.due.due_provisioning(self._clock.now(), limit)
        done = 0
        for tenant_id, job_id in due:
            try:
                result = await self._provision(tenant_id, job_id, notify=True)
                done += result is Provisioned.DONE
            except DomainError as exc:
                log.warning(
                    "provisioning job failed", extra={"tenant_id": tenant_id, "code": exc.code}
                )
        return done
