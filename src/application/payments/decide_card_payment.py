from __future__ import annotations

from dataclasses import dataclass

from src.application.audit.audit_trail import audit_in
from src.application.growth.referrals import ReferralNotice, ReferralRewards
from src.application.notices import CardPaymentSettled, ReceiptClosed
from src.application.payments.after_top_up import FinishPurchaseAfterTopUp
from src.application.ports.card_payments import DeskMessage, ReceiptDesk
from src.application.ports.clock import Clock
from src.application.ports.notices import NoticeRenderer, UserNotifier
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.money import Money
from src.core.payments.card_payment import (
    CardPayment,
    CardPaymentNotFound,
    CardPaymentStatus,
    NotTenantAdmin,
    check_note,
)
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.user import ShopUser


@dataclass(frozen=True, slots=True)
class Decider:
    """Who decides: a tenant admin in Telegram (`telegram_id`), or the API (`api`)."""

    telegram_id: int | None = None
    api: str | None = None  # "master" or "tenant": the API credential (already checked)
    name: str | None = None  # display only

    @property
    def label(self) -> str:
        return f"tg:{self.telegram_id}" if self.telegram_id is not None else f"api:{self.api}"


@dataclass(frozen=True, slots=True)
class DecisionInput:
    tenant_id: TenantId
    payment_id: int
    approve: bool
    by: Decider
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    payment: CardPayment
    balance: int | None  # the user's balance after an approval


def credit_key(payment_id: int) -> str:
    """The ledger key of a card payment's credit: unique per tenant, so never twice."""
    return f"c2c:{payment_id}"


class DecideCardPayment:
    """Approve or reject a pending card-to-card payment (docs/payments.md#card-to-card).

    Rules:
    - in Telegram only the tenant's admins (its `admin_ids`) decide; through the
      API the credential was checked by the guard (master or this tenant's token);
    - the payment is looked up in this tenant only: another tenant's id is not found;
    - a decision is final and taken once: a conditional update moves only a
      pending, unexpired payment, so of two simultaneous decisions exactly one
      wins and the other gets CardPaymentDecided (409) naming the outcome;
    - approve credits the amount through the ledger under the key `c2c:<id>` (unique
      per tenant: a second credit is impossible by construction) and counts a
      success for the card; reject counts a failure; both in the same transaction;
    - the decision is audited (actor `tg:<id>` or `api:<credential>`) in its transaction;
    - after commit the admin message shows the outcome without buttons, the user
      is told (with the tracking number), and an approved payment that carried a
      purchase finishes it.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        desk: ReceiptDesk,
        renderer: NoticeRenderer,
        notifier: UserNotifier,
        finish: FinishPurchaseAfterTopUp,
        referrals: ReferralRewards,
        currency: str,
    ) -> None:
        self._uow, self._clock, self._desk, self._renderer = uow, clock, desk, renderer
        self._notifier, self._finish, self._currency = notifier, finish, currency
        self._referrals = referrals

    async def __call__(self, data: DecisionInput) -> Decision:
        note = check_note(data.note)
        status = CardPaymentStatus.APPROVED if data.approve else CardPaymentStatus.REJECTED
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant_id) as uow:
            tenant = await require_own_tenant(uow.tenant)
            if data.by.telegram_id is not None and not tenant.is_admin(data.by.telegram_id):
                raise NotTenantAdmin("only this shop's admins decide payments")
            payment = await uow.card_payments.decide(
                data.payment_id, status, data.by.label, note, now
            )
            if payment is None:
                current = await uow.card_payments.get(data.payment_id)
                if current is None:
                    raise CardPaymentNotFound(f"card payment {data.payment_id} not found")
                raise current.refuse_decision(now)
            balance, notices = None, list[ReferralNotice]()
            user = await uow.users.get(payment.user_id)
            if data.approve and user is not None:
                posting = Posting(
                    LedgerKind.TOP_UP,
                    payment.amount,
                    f"c2c:{payment.tracking_number}",
                    credit_key(payment.id),
                )
                entry = await uow.ledger.post(payment.user_id, posting, now)
                balance = entry.balance_after
                notices = await self._referrals.after_credit(uow, user, entry, now)
            after = status.value if note is None else f"{status.value}: {note}"
            await audit_in(
                uow,
                data.by.label,
                "card_payment.decide",
                f"card_payment:{payment.id}",
                now,
                before="pending",
                after=after,
            )
            if payment.card_id is not None:  # last: the card's row lock is held till commit
                await uow.cards.count_outcome(payment.card_id, success=data.approve)
            await uow.commit()
        await self._after(tenant.default_language, data, payment, user, balance)
        await self._referrals.announce(data.tenant_id, notices)
        return Decision(payment, balance)

    async def _after(
        self,
        admin_lang: str,
        data: DecisionInput,
        payment: CardPayment,
        user: ShopUser | None,
        balance: int | None,
    ) -> None:
        closed = ReceiptClosed(
            language=admin_lang,
            payment=payment,
            user=user,
            currency=self._currency,
            decided_by_name=data.by.name,
        )
        await close_desk_message(self._desk, self._renderer, data.tenant_id, closed)
        if user is None:
            return
        settled = CardPaymentSettled(
            tenant_id=data.tenant_id,
            chat_id=user.telegram_id,
            language=user.language,
            payment=payment,
            currency=self._currency,
            balance=None if balance is None else Money(balance, self._currency),
        )
        await self._notifier.notify(settled)
        if data.approve and payment.plan_id is not None:
            key = f"after-topup:c2c:{payment.id}"
            await self._finish(
                data.tenant_id, user.telegram_id, user.language, payment.plan_id, key
            )


async def close_desk_message(
    desk: ReceiptDesk, renderer: NoticeRenderer, tenant_id: TenantId, closed: ReceiptClosed
) -> None:
    payment = closed.payment
    if payment.admin_chat_id is None or payment.admin_message_id is None:
        return
    text = renderer.render(closed).text
    where = DeskMessage(payment.admin_chat_id, payment.admin_message_id)
    await desk.close(tenant_id, where, text, photo=payment.receipt.photo_file_id is not None)
