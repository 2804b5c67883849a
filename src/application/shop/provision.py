from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum

from src.application.growth.referrals import ReferralRewards
from src.application.notices import ActivationDone, ActivationRefunded
from src.application.ports.billing import SaleBilling
from src.application.ports.clock import Clock
from src.application.ports.customers import NewProvisionJob, ProvisionJob
from src.application.ports.notices import UserNotifier
from src.application.ports.uow import UnitOfWorkFactory
from src.application.ports.vpn_panel import (
    NewPanelUser,
    PanelUser,
    PanelUserChanges,
    PanelUserStatus,
    VpnPanel,
)
from src.application.shop.errors import ProvisioningNotConfigured
from src.application.shop.panel_deadline import PANEL_DEADLINE_IN_UPDATES, within_deadline
from src.core.errors import DomainError, PanelUnavailable, PanelUserExists, PanelUserNotFound
from src.core.ids import TenantId
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.subscription import Subscription
from src.core.shop.user import ShopUser, panel_tag, panel_username

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(minutes=10)


class Provisioned(StrEnum):
    DONE = "done"
    RETRYING = "retrying"
    REFUNDED = "refunded"
    SKIPPED = "skipped"  # done already, leased by another worker, or not due


def provision_job(
    subscription: Subscription,
    user: ShopUser,
    squads: tuple[str, ...],
    *,
    days: int,
    reset: bool,
    refund: str | None,
) -> NewProvisionJob:
    """The panel work that makes the panel user match `subscription`."""
    return NewProvisionJob(
        subscription_id=subscription.id,
        user_id=user.id,
        telegram_id=user.telegram_id,
        expires_at=subscription.expires_at,
        traffic_limit_bytes=subscription.traffic_limit_bytes,
        device_limit=subscription.device_limit,
        squads=squads,
        reset_traffic=reset,
        refund_key=refund,
        granted_days=days,
    )


async def find_panel_user(
    panel: VpnPanel, tenant_id: TenantId, telegram_id: int, linked_id: int | None
) -> PanelUser | None:
    """The user's panel user: the one the subscription is linked to (a user imported
    with an existing panel user keeps it, docs/import.md), else by Fleet's username."""
    if linked_id is not None:
        try:
            return await panel.get_user(linked_id)
        except PanelUserNotFound:
            pass  # deleted on the panel: Fleet's own username below, or a new user
    return await panel.get_user_by_username(panel_username(tenant_id, telegram_id))


def backoff(attempts: int) -> timedelta:
    return min(MAX_BACKOFF, timedelta(seconds=2 ** min(attempts, 12)))


class ProvisionSubscription:
    """Run one provisioning job: make the panel user match the subscription
    (docs/shop.md#provisioning).

    Rules:
    - one panel user per (tenant, Telegram user): username t{bot_id}_{telegram_id},
      tag T{bot_id}, telegramId, squads from the tenant's config; a subscription
      linked to a panel user (imported, docs/import.md) keeps that user;
    - idempotent: the user is found by username and given absolute values, so a
      retry after a crash or a lost answer changes nothing twice;
    - a job is leased while it runs, so two workers never run it at once;
    - the panel down or timing out: retried later with exponential backoff;
    - the panel refusing for good: the debit, the tenant-wallet charge and the
      referral bonus the debit paid are reversed (idempotent refund), the days
      the sale added are taken back, and the job is abandoned;
    - `notify`: the user is told when a delayed activation finished or was refunded;
    - a job run while the user waits (`run_leased`: a purchase, a trial) gives the
      panel `deadline_s`, then defers to the outbox; the outbox worker waits longer.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        panel: VpnPanel | None,
        billing: SaleBilling,
        notifier: UserNotifier,
        referrals: ReferralRewards,
        deadline_s: float | None = PANEL_DEADLINE_IN_UPDATES,
    ) -> None:
        self._uow, self._clock, self._panel = uow, clock, panel
        self._billing, self._notifier, self._referrals = billing, notifier, referrals
        self._deadline = deadline_s

    def ensure_available(self) -> VpnPanel:
        if self._panel is None:
            raise ProvisioningNotConfigured(
                "provisioning is off: no panel configured, or the panel is not compatible"
            )
        return self._panel

    async def __call__(
        self, tenant_id: TenantId, job_id: int, *, notify: bool = False
    ) -> Provisioned:
        """Claim a due job and run it (the outbox worker's path)."""
        self.ensure_available()
        now = self._clock.now()
        async with self._uow.for_tenant(tenant_id) as uow:
            job = await uow.outbox.claim(job_id, now, now + LEASE)
            await uow.commit()
        if job is None:
            return Provisioned.SKIPPED
        result, _ = await self._run(tenant_id, job, notify=notify, deadline_s=None)
        return result

    async def run_leased(
        self, tenant_id: TenantId, job: ProvisionJob
    ) -> tuple[Provisioned, Subscription | None]:
        """Run a job this caller holds the lease of, fresh from `enqueue`, while the
        user waits: the panel gets `deadline_s`."""
        return await self._run(tenant_id, job, notify=False, deadline_s=self._deadline)

    async def _run(
        self, tenant_id: TenantId, job: ProvisionJob, *, notify: bool, deadline_s: float | None
    ) -> tuple[Provisioned, Subscription | None]:
        panel = self.ensure_available()
        now = self._clock.now()
        async with self._uow.for_tenant(tenant_id) as uow:
            subscription = await uow.subscriptions.get(job.subscription_id)
        linked = subscription.panel_user_id if subscription is not None else None
        try:
            user = await within_deadline(
                deadline_s, self._apply(panel, tenant_id, job, linked, now)
            )
        except (PanelUnavailable, PanelUserExists) as exc:
            async with self._uow.for_tenant(tenant_id) as uow:
                await uow.outbox.retry_later(job.id, exc.code, now + backoff(job.attempts))
                await uow.commit()
            log.warning("provisioning deferred", extra={"tenant_id": tenant_id, "job": job.id})
            return Provisioned.RETRYING, None
        except DomainError as exc:
            await self._refund(tenant_id, job, exc, now)
            if notify:
                await self._tell(tenant_id, job, ActivationRefunded)
            return Provisioned.REFUNDED, None
        async with self._uow.for_tenant(tenant_id) as uow:
            fresh = await uow.subscriptions.mark_provisioned(
                job.subscription_id, job.expires_at, user.id, user.subscription_url
            )
            await uow.outbox.complete(job.id, now)
            await uow.commit()
        if notify:
            await self._tell(tenant_id, job, ActivationDone)
        return Provisioned.DONE, fresh

    async def _apply(
        self,
        panel: VpnPanel,
        tenant_id: TenantId,
        job: ProvisionJob,
        linked: int | None,
        now: datetime,
    ) -> PanelUser:
        devices = job.device_limit or None
        existing = await find_panel_user(panel, tenant_id, job.telegram_id, linked)
        if existing is None:
            return await panel.create_user(
                NewPanelUser(
                    username=panel_username(tenant_id, job.telegram_id),
                    expire_at=job.expires_at,
                    traffic_limit_bytes=job.traffic_limit_bytes,
                    hwid_device_limit=devices,
                    telegram_id=job.telegram_id,
                    tag=panel_tag(tenant_id),
                    squads=job.squads,
                    description=f"fleet tenant {tenant_id}",
                )
            )
        user = await panel.update_user(
            existing.id,
            PanelUserChanges(
                status=PanelUserStatus.ACTIVE,
                expire_at=job.expires_at if job.expires_at > now else None,
                traffic_limit_bytes=job.traffic_limit_bytes,
                hwid_device_limit=devices,
                tag=panel_tag(tenant_id),
                squads=job.squads or None,
            ),
        )
        if job.reset_traffic and user.used_traffic_bytes:
            user = await panel.reset_user_traffic(existing.id)
        return user

    async def _refund(
        self, tenant_id: TenantId, job: ProvisionJob, exc: DomainError, now: datetime
    ) -> None:
        log.error(
            "panel refused provisioning; refunding",
            extra={"tenant_id": tenant_id, "job": job.id, "code": exc.code},
        )
        async with self._uow.for_tenant(tenant_id) as uow:
            if job.refund_key is not None:
                debit = await uow.ledger.by_key(job.refund_key)
                key = f"refund:{job.refund_key}"
                # checked first: a duplicate posting would spoil this transaction
                if debit is not None and await uow.ledger.by_key(key) is None:
                    refund = Posting(LedgerKind.REFUND, -debit.amount, debit.reference, key)
                    await uow.ledger.post(job.user_id, refund, now)
                await self._billing.refund_sale(uow, job.refund_key)
                await self._referrals.reverse(uow, job.refund_key, now)
            await uow.subscriptions.revoke_grant(
                job.subscription_id, job.expires_at, job.granted_days, now
            )
            await uow.outbox.abandon(job.id, exc.code, now)
            await uow.commit()

    async def _tell(
        self,
        tenant_id: TenantId,
        job: ProvisionJob,
        notice: type[ActivationDone] | type[ActivationRefunded],
    ) -> None:
        async with self._uow.for_tenant(tenant_id) as uow:
            user = await uow.users.get(job.user_id)
        if user is not None:
            await self._notifier.notify(
                notice(tenant_id=tenant_id, chat_id=user.telegram_id, language=user.language)
            )
