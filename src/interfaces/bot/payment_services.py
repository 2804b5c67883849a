"""The top-up use cases the bot handlers call, resolved once from the container.

The bundle travels in the dispatcher's workflow data as `payments` (aiogram hands
it to every handler with a parameter of that name)."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.payments.card_payment_queries import GetCardPaymentDetails
from src.application.payments.card_top_up import StartCardTopUp, SubmitCardReceipt
from src.application.payments.decide_card_payment import DecideCardPayment
from src.application.payments.online_top_up import StartOnlineTopUp
from src.application.payments.stars_top_up import (
    CheckStarsCheckout,
    CreditStarsPayment,
    OfferStarsInvoice,
)
from src.application.payments.top_up_options import TopUpOptions
from src.application.payments.unseen_receipts import OfferWaitingReceipts
from src.application.shop.customer_view import GetCustomer
from src.infrastructure.container import Container


@dataclass(frozen=True, slots=True)
class PaymentServices:
    currency: str
    customer: GetCustomer
    options: TopUpOptions
    start_card: StartCardTopUp
    submit_receipt: SubmitCardReceipt
    decide: DecideCardPayment
    details: GetCardPaymentDetails
    waiting_receipts: OfferWaitingReceipts
    offer_stars: OfferStarsInvoice
    check_stars: CheckStarsCheckout
    credit_stars: CreditStarsPayment
    start_online: StartOnlineTopUp

    @classmethod
    def from_container(cls, container: Container) -> PaymentServices:
        return cls(
            currency=container.settings().currency,
            customer=container.get_customer(),
            options=container.top_up_options(),
            start_card=container.start_card_top_up(),
            submit_receipt=container.submit_card_receipt(),
            decide=container.decide_card_payment(),
            details=container.get_card_payment_details(),
            waiting_receipts=container.offer_waiting_receipts(),
            offer_stars=container.offer_stars_invoice(),
            check_stars=container.check_stars_checkout(),
            credit_stars=container.credit_stars_payment(),
            start_online=container.start_online_top_up(),
        )
