"""The user's side of a card-to-card top-up (PRODUCT 5.1): the card to pay, then the receipt."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from src.application.payments import receipt_texts
from src.application.payments.select_card import SelectPaymentCard
from src.application.payments.top_up_options import CARD_TO_CARD
from src.application.ports.card_payments import NewCardPayment, ReceiptDesk
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.tenancy.features import GetFeatures
from src.core.ids import PaymentCardId, PlanId
from src.core.payments.card_payment import (
    CardPayment,
    Receipt,
    TooManyPendingPayments,
    new_tracking_number,
)
from src.core.payments.top_up import TopUpLimits
from src.core.tenancy.features import FeatureState
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CardOffer:
    """What the user is asked to pay, and to which card."""

    amount: int
    card_id: PaymentCardId
    card_number: str
    holder_name: str
    card_masked: str


async def _card_flag(features: GetFeatures, tenant: Tenant) -> FeatureState:
    state = (await features(tenant.id))[CARD_TO_CARD]
    if not state.enabled:
        raise FeatureDisabled("card-to-card top-ups are off")
    return state


class StartCardTopUp:
    """Hand out the card for a top-up of `amount`.

    Rules: `card_to_card` must be on; the amount lies within its min/max; a user
    who already has `max_pending_per_user` (default 3) payments waiting is refused
    before a card is handed out; the card comes from the tenant's rotation.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, features: GetFeatures, select: SelectPaymentCard
    ) -> None:
        self._uow, self._features, self._select = uow, features, select

    async def __call__(self, tenant: Tenant, telegram_id: int, amount: int) -> CardOffer:
        flag = await _card_flag(self._features, tenant)
        TopUpLimits.of(flag.config).check(amount)
        limit = int(flag.config["max_pending_per_user"])
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            if user is None:
                raise UserNotRegistered("send /start first")
            if await uow.card_payments.count_pending(user.id) >= limit:
                raise TooManyPendingPayments(limit)
        card = (await self._select(tenant.id)).card
        return CardOffer(amount, card.id, card.card_number, card.details.holder_name, card.masked())


@dataclass(frozen=True, slots=True)
class ReceiptInput:
    tenant: Tenant
    telegram_id: int
    amount: int
    card_id: PaymentCardId
    card_masked: str
    receipt: Receipt
    plan_id: PlanId | None = None  # the purchase to finish once the money is credited


class SubmitCardReceipt:
    """Store a receipt as a pending payment and put it before the tenant's admins.

    Rules:
    - `card_to_card` must be on and the amount within its min/max;
    - the user's row is locked while their pending payments are counted, so even
      concurrent submissions never exceed `max_pending_per_user`;
    - the payment gets a tracking number `C2C` + 16 hex digits and expires after
      the flag's `expiry_hours` (default 24);
    - the card is recorded even if it was deactivated or deleted since it was
      shown (the user may already have paid it); a plan that is gone is dropped;
    - after commit the receipt goes to the admin chat (its receipts topic when
      set; without an admin chat, to each admin privately) with Approve / Reject
      / Details; a delivery failure does not lose the payment (the API sees it).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        desk: ReceiptDesk,
        currency: str,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._desk, self._currency = desk, currency

    async def __call__(self, data: ReceiptInput) -> CardPayment:
        flag = await _card_flag(self._features, data.tenant)
        TopUpLimits.of(flag.config).check(data.amount)
        limit = int(flag.config["max_pending_per_user"])
        receipt = data.receipt.checked()
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant.id) as uow:
            user = await uow.users.by_telegram_id(data.telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            if await uow.card_payments.count_pending(user.id) >= limit:
                raise TooManyPendingPayments(limit)
            card = await uow.cards.get(data.card_id)
            plan = await uow.plans.get(data.plan_id) if data.plan_id else None
            payment = await uow.card_payments.add(
                NewCardPayment(
                    user_id=user.id,
                    card_id=card.id if card else None,
                    card_masked=card.masked() if card else data.card_masked,
                    amount=data.amount,
                    tracking_number=new_tracking_number(),
                    receipt=receipt,
                    plan_id=plan.id if plan else None,
                    now=now,
                    expires_at=now + timedelta(hours=int(flag.config["expiry_hours"])),
                )
            )
            await uow.commit()
        lang = data.tenant.default_language
        text = receipt_texts.admin_text(lang, payment, user, self._currency)
        buttons = receipt_texts.buttons(lang, payment.id)
        chat = data.tenant.admin_chat
        targets = (
            [(chat.chat_id, chat.receipts_topic_id)]
            if chat
            else [(admin, None) for admin in data.tenant.admin_ids]
        )
        posted = None
        for chat_id, topic in targets:
            where = await self._desk.post(
                data.tenant.id, chat_id, topic, text, receipt.photo_file_id, buttons
            )
            posted = posted or where
        if posted is None:
            log.warning("receipt not delivered to any admin", extra={"tenant_id": data.tenant.id})
            return payment
        async with self._uow.for_tenant(data.tenant.id) as uow:
            await uow.card_payments.set_admin_message(payment.id, posted.chat_id, posted.message_id)
            await uow.commit()
        return payment
