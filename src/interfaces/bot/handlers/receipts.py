"""Receipt review in the tenant's admin chat (docs/payments.md#card-to-card): Approve / Reject /
Details.

The press carries only the payment id; the tenant is the bot that received it and
the use case checks that the presser is one of its admins, so a forged press or
another tenant's payment id gets nowhere (the refusal is an alert from the one error
path: the receipt card stays). An admin's /start first brings the
receipts no admin could be shown yet, then goes on to the shop's /start.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, Message

from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.core.payments.card_payment import (
    CardPayment,
    CardPaymentStatus,
)
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.callbacks import ReceiptCb
from src.interfaces.bot.i18n import t
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.views import receipts as receipt_texts


def build_router() -> Router:
    router = Router(name="receipts")
    router.callback_query.register(decide, ReceiptCb.filter(F.action.in_({"ok", "no"})))
    router.callback_query.register(details, ReceiptCb.filter(F.action == "info"))
    router.message.register(waiting_receipts, CommandStart())
    return router


async def waiting_receipts(message: Message, tenant: Tenant, payments: PaymentServices) -> None:
    """Receipts that wait for an admin go to the admin who just came; then the shop's /start."""
    if message.from_user is not None:
        await payments.waiting_receipts(tenant, message.from_user.id)
    raise SkipHandler


async def decide(
    query: CallbackQuery, callback_data: ReceiptCb, tenant: Tenant, payments: PaymentServices
) -> None:
    lang = tenant.default_language
    approve = callback_data.action == "ok"
    by = Decider(telegram_id=query.from_user.id, name=query.from_user.full_name)
    decision = await payments.decide(
        DecisionInput(tenant.id, callback_data.payment_id, approve, by)
    )
    await query.answer(decided_text(lang, decision.payment, payments.currency))


def decided_text(lang: str, payment: CardPayment, currency: str) -> str:
    """The decider's alert, the same after a press in the admin chat and in the console."""
    amount = receipt_texts.money(payment.amount, currency)
    approved = payment.status is CardPaymentStatus.APPROVED
    key = "receipt.done_approved" if approved else "receipt.done_rejected"
    return t(lang, key, tracking=payment.tracking_number, amount=amount)


async def details(
    query: CallbackQuery, callback_data: ReceiptCb, tenant: Tenant, payments: PaymentServices
) -> None:
    lang = tenant.default_language
    found = await payments.details(tenant.id, callback_data.payment_id, query.from_user.id)
    text = receipt_texts.details_alert(
        lang, found.payment, found.user, payments.currency, found.pending_of_user
    )
    await query.answer(text, show_alert=True)
