from __future__ import annotations

import logging

from src.application.notices import CardPaymentSettled, ReceiptClosed
from src.application.payments.decide_card_payment import close_desk_message
from src.application.ports.card_payments import ReceiptDesk
from src.application.ports.clock import Clock
from src.application.ports.notices import NoticeRenderer, UserNotifier
from src.application.ports.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)
BATCH = 500


class ExpireCardPayments:
    """The expiry job of card-to-card payments (docs/payments.md#card-to-card), run every minute.

    Rules: a payment still pending when its `expires_at` has come becomes
    `expired`, by a conditional update, so it never races a decision (a decision
    needs an unexpired payment) and two processes running the job expire (and
    tell) each payment once; the user is told with the tracking number and the
    admin message loses its buttons. Nothing is credited or counted for the card.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        desk: ReceiptDesk,
        renderer: NoticeRenderer,
        notifier: UserNotifier,
        currency: str,
    ) -> None:
        self._uow, self._clock, self._desk, self._renderer = uow, clock, desk, renderer
        self._notifier, self._currency = notifier, currency

    async def __call__(self, limit: int = BATCH) -> int:
        now = self._clock.now()
        async with self._uow.platform() as platform:
            due = await platform.payments_due.overdue(now, limit)
        expired = 0
        for tenant_id, payment_id in due:
            async with self._uow.for_tenant(tenant_id) as uow:
                payment = await uow.card_payments.expire(payment_id, now)
                if payment is None:  # decided or expired by someone else meanwhile
                    continue
                user = await uow.users.get(payment.user_id)
                tenant = await uow.tenant.get()
                await uow.commit()
            expired += 1
            if tenant is not None:
                closed = ReceiptClosed(
                    language=tenant.default_language,
                    payment=payment,
                    user=user,
                    currency=self._currency,
                )
                await close_desk_message(self._desk, self._renderer, tenant_id, closed)
            if user is not None:
                settled = CardPaymentSettled(
                    tenant_id=tenant_id,
                    chat_id=user.telegram_id,
                    language=user.language,
                    payment=payment,
                    currency=self._currency,
                )
                await self._notifier.notify(settled)
        return expired
