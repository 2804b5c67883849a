"""The user's side of a card-to-card top-up (docs/payments.md#card-to-card): the card to pay,
then the receipt."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import timedelta

from src.application.notices import ReceiptForReview
from src.application.payments.select_card import SelectPaymentCard
from src.application.payments.top_up_options import CARD_TO_CARD
from src.application.ports.card_payments import NewCardPayment, ReceiptDesk
from src.application.ports.clock import Clock
from src.application.ports.notices import NoticeRenderer
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.tenancy.features import GetFeatures
from src.core.ids import PaymentCardId, PlanId, ShopUserId
from src.core.payments.card_payment import (
    CardPayment,
    Receipt,
    TooManyPendingPayments,
    album_id,
    new_offer_key,
    new_tracking_number,
)
from src.core.payments.top_up import TopUpLimits
from src.core.shop.user import ShopUser
from src.core.tenancy.features import FeatureState
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CardOffer:
    """What the user is asked to pay, and to which card; `offer_key` names this offer
    (its receipt is the only payment it can become)."""

    amount: int
    card_id: PaymentCardId
    card_number: str
    holder_name: str
    card_masked: str
    offer_key: str


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
        return CardOffer(
            amount,
            card.id,
            card.card_number,
            card.details.holder_name,
            card.masked(),
            new_offer_key(),
        )


@dataclass(frozen=True, slots=True)
class ReceiptInput:
    tenant: Tenant
    telegram_id: int
    amount: int
    card_id: PaymentCardId
    card_masked: str
    receipt: Receipt
    plan_id: PlanId | None = None  # the purchase to finish once the money is credited
    _: KW_ONLY
    offer_key: str  # CardOffer.offer_key
    media_group_id: str | None = None  # the album the receipt came in


@dataclass(frozen=True, slots=True)
class SubmittedReceipt:
    payment: CardPayment
    delivered: bool  # an admin has it in front of them (else it waits for one)
    repeated: bool  # the offer had its receipt already: nothing new was stored
    same_album: bool = False  # repeated, and another photo of the stored receipt's album


async def post_to_admins(
    uow_factory: UnitOfWorkFactory,
    desk: ReceiptDesk,
    renderer: NoticeRenderer,
    tenant: Tenant,
    payment: CardPayment,
    user: ShopUser | None,
    currency: str,
    targets: Sequence[tuple[int, int | None]],
) -> bool:
    """Post the receipt with its buttons to every (chat, topic) of `targets` and record
    the first place it landed (the receipt is then *seen*). False: nobody took it."""
    review = ReceiptForReview(
        language=tenant.default_language, payment=payment, user=user, currency=currency
    )
    shown = renderer.render(review)
    posted = None
    for chat_id, topic in targets:
        where = await desk.post(
            tenant.id, chat_id, topic, shown.text, payment.receipt.photo_file_id, shown.buttons
        )
        posted = posted or where
    if posted is None:
        return False
    async with uow_factory.for_tenant(tenant.id) as uow:
        await uow.card_payments.set_admin_message(payment.id, posted.chat_id, posted.message_id)
        await uow.commit()
    return True


def admin_targets(tenant: Tenant) -> list[tuple[int, int | None]]:
    """The admin chat (its receipts topic when set); without one, each admin privately."""
    chat = tenant.admin_chat
    if chat:
        return [(chat.chat_id, chat.receipts_topic_id)]
    return [(admin, None) for admin in tenant.admin_ids]


class SubmitCardReceipt:
    """Store a receipt as the pending payment of its offer and put it before the admins.

    Rules:
    - `card_to_card` must be on and the amount within its min/max;
    - one offer becomes at most one payment: a receipt for an offer that has its
      payment already (another photo of the same album, or another message,
      even handled concurrently by another worker) stores nothing and returns
      that payment as `repeated` (the unique key `(bot_id, offer_key)` decides);
    - the user's row is locked while their pending payments are counted, so even
      concurrent submissions never exceed `max_pending_per_user`;
    - the payment gets a tracking number `C2C` + 16 hex digits and expires after
      the flag's `expiry_hours` (default 24);
    - the card is recorded even if it was deactivated or deleted since it was
      shown (the user may already have paid it); a plan that is gone is dropped;
    - after commit the receipt goes to the admin chat (its receipts topic when
      set; without an admin chat, to each admin privately) with Approve / Reject
      / Details; `delivered` says whether any admin got it. An undelivered
      receipt stays pending (the API sees it), is re-offered to the next admin
      who sends /start, and the master admins hear of it after an hour.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        desk: ReceiptDesk,
        renderer: NoticeRenderer,
        currency: str,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._desk, self._renderer, self._currency = desk, renderer, currency

    async def __call__(self, data: ReceiptInput) -> SubmittedReceipt:
        flag = await _card_flag(self._features, data.tenant)
        TopUpLimits.of(flag.config).check(data.amount)
        receipt = data.receipt.checked()
        async with self._uow.for_tenant(data.tenant.id) as uow:
            user = await uow.users.by_telegram_id(data.telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            done = await uow.card_payments.by_offer(data.offer_key)
            payment = None if done else await self._add(uow, data, receipt, user.id, flag)
            if payment is None:  # the offer has its payment (stored first by another worker?)
                done = done or await uow.card_payments.by_offer(data.offer_key)
                if done is None:  # pragma: no cover - ON CONFLICT found a row, so it exists
                    raise RuntimeError("a card offer's payment vanished")
                return SubmittedReceipt(
                    done, done.seen, repeated=True, same_album=done.same_album(data.media_group_id)
                )
            await uow.commit()
        delivered = await post_to_admins(
            self._uow,
            self._desk,
            self._renderer,
            data.tenant,
            payment,
            user,
            self._currency,
            admin_targets(data.tenant),
        )
        if not delivered:
            log.warning("receipt not delivered to any admin", extra={"tenant_id": data.tenant.id})
        return SubmittedReceipt(payment, delivered, repeated=False)

    async def _add(
        self,
        uow: TenantUnitOfWork,
        data: ReceiptInput,
        receipt: Receipt,
        user_id: ShopUserId,
        flag: FeatureState,
    ) -> CardPayment | None:
        limit = int(flag.config["max_pending_per_user"])
        if await uow.card_payments.count_pending(user_id) >= limit:
            raise TooManyPendingPayments(limit)
        card = await uow.cards.get(data.card_id)
        plan = await uow.plans.get(data.plan_id) if data.plan_id else None
        now = self._clock.now()
        return await uow.card_payments.add(
            NewCardPayment(
                user_id=user_id,
                card_id=card.id if card else None,
                card_masked=card.masked() if card else data.card_masked,
                amount=data.amount,
                tracking_number=new_tracking_number(),
                receipt=receipt,
                plan_id=plan.id if plan else None,
                now=now,
                expires_at=now + timedelta(hours=int(flag.config["expiry_hours"])),
                offer_key=data.offer_key,
                media_group_id=album_id(data.media_group_id),
            )
        )
