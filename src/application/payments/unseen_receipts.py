"""Receipts no admin could be shown (docs/payments.md#card-to-card): never lost silently.

A receipt is *seen* once it was posted to an admin. One that could not be posted
(the admins never started the bot, the admin chat refuses it) stays pending: it
is re-offered to the first admin of the tenant who sends /start, and the master
admins are told when a tenant has had such a receipt for more than an hour.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from src.application.notices import ReceiptsWaiting
from src.application.payments.card_top_up import post_to_admins
from src.application.ports.alerts import PlatformAlerts
from src.application.ports.card_payments import ReceiptDesk
from src.application.ports.clock import Clock
from src.application.ports.notices import NoticeRenderer, UserNotifier
from src.application.ports.uow import UnitOfWorkFactory
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
REOFFER_MAX = 20  # receipts re-sent per /start; the rest come with the next one
UNSEEN_ALERT_AFTER = timedelta(hours=1)
TENANTS_PER_RUN = 200


class OfferWaitingReceipts:
    """An admin of the tenant talks to the bot: show them the receipts nobody saw.

    Rules: only for the tenant's admins (anyone else: 0, nothing read); the
    admin is told how many wait, then each (oldest first, at most `REOFFER_MAX`)
    is posted to them privately with Approve / Reject / Details and becomes
    seen, so the next /start does not repeat it. Returns how many were posted.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        desk: ReceiptDesk,
        renderer: NoticeRenderer,
        notifier: UserNotifier,
        currency: str,
    ) -> None:
        self._uow, self._desk, self._renderer = uow, desk, renderer
        self._notifier, self._currency = notifier, currency

    async def __call__(self, tenant: Tenant, telegram_id: int) -> int:
        if not tenant.is_admin(telegram_id):
            return 0
        async with self._uow.for_tenant(tenant.id) as uow:
            waiting = await uow.card_payments.unseen(REOFFER_MAX)
            users = {p.user_id: await uow.users.get(p.user_id) for p in waiting}
        if not waiting:
            return 0
        await self._notifier.notify(
            ReceiptsWaiting(
                tenant_id=tenant.id,
                chat_id=telegram_id,
                language=tenant.default_language,
                count=len(waiting),
            )
        )
        posted = 0
        for payment in waiting:
            user = users[payment.user_id]
            target = [(telegram_id, None)]
            if await post_to_admins(
                self._uow, self._desk, self._renderer, tenant, payment, user, self._currency, target
            ):
                posted += 1
        return posted


class AlertUnseenReceipts:
    """The job: tell the master admins about tenants whose receipts nobody can see.

    Rules: a tenant is due when a pending receipt has been unseen for more than
    `UNSEEN_ALERT_AFTER`; the alert goes once per episode: every unseen receipt of
    the tenant is marked alerted, and while any marked one is still unseen no new
    alert is sent; once they are all seen or decided, a new unseen receipt starts
    a new episode. The marks are conditional updates, so two processes running
    the job alert once. Returns how many tenants were alerted.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, alerts: PlatformAlerts) -> None:
        self._uow, self._clock, self._alerts = uow, clock, alerts

    async def __call__(self) -> int:
        now = self._clock.now()
        async with self._uow.platform() as platform:
            due = await platform.payments_due.unseen_since(
                now - UNSEEN_ALERT_AFTER, TENANTS_PER_RUN
            )
        alerted = 0
        for tenant_id in due:
            async with self._uow.for_tenant(tenant_id) as uow:
                tenant = await uow.tenant.get()
                ongoing = await uow.card_payments.unseen_alert_open()
                marked = await uow.card_payments.mark_unseen_alerted(now)
                await uow.commit()
            if tenant is None or ongoing or not marked:
                continue
            await self._alerts.receipts_unseen(tenant, marked)
            alerted += 1
        return alerted
