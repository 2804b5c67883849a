from __future__ import annotations

import logging

from src.application.payments import receipt_texts
from src.application.payments.decide_card_payment import close_desk_message
from src.application.ports.card_payments import ReceiptDesk
from src.application.ports.clock import Clock
from src.application.ports.messaging import UserMessenger
from src.application.ports.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)
BATCH = 500


class ExpireCardPayments:
    """The expiry job of card-to-card payments (PRODUCT 5.1), run every minute.

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
        messenger: UserMessenger,
        currency: str,
    ) -> None:
        self._uow, self._clock, self._desk = uow, clock, desk
        self._messenger, self._currency = messenger, currency

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
                await close_desk_message(
                    self._desk, tenant_id, tenant.default_language, payment, user, self._currency
                )
            if user is not None:
                text = receipt_texts.user_note(user.language, payment, self._currency, None)
                await self._messenger.send(tenant_id, user.telegram_id, text)
        return expired
