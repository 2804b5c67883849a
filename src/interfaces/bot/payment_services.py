"""The top-up use cases the bot handlers call, resolved once by `platform.payment_services`.

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
