"""Telegram Stars payments (docs/payments.md#telegram-stars): the pre-checkout answer and the
credit.

Telegram waits 10 seconds for the pre-checkout answer, so the check runs under a
shorter deadline and anything but a clear yes is a no. The credit never depends
on the flag: the Stars are already paid.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import F, Router
from aiogram.types import Message, PreCheckoutQuery

from src.application.payments.stars_top_up import StarsCheckout, StarsPayment
from src.core.errors import DomainError
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import t
from src.interfaces.bot.payment_services import PaymentServices

log = logging.getLogger(__name__)
CHECKOUT_DEADLINE = 8.0  # seconds; Telegram gives up at 10


def build_router() -> Router:
    router = Router(name="stars")
    router.pre_checkout_query.register(pre_checkout)
    router.message.register(paid, F.successful_payment)
    return router


async def pre_checkout(query: PreCheckoutQuery, tenant: Tenant, payments: PaymentServices) -> None:
    checkout = StarsCheckout(
        tenant, query.from_user.id, query.currency, query.total_amount, query.invoice_payload
    )
    try:
        async with asyncio.timeout(CHECKOUT_DEADLINE):
            await payments.check_stars(checkout)
    except Exception as exc:  # not the error path: Telegram waits 10 s, a no in time beats none
        if not isinstance(exc, DomainError):
            log.exception("pre-checkout check failed", extra={"tenant_id": tenant.id})
        try:
            view = await payments.customer(tenant.id, query.from_user.id, live=False)
            lang = view.user.language
        except DomainError:
            lang = tenant.default_language
        await query.answer(ok=False, error_message=t(lang, "topup.stars_declined"))
        return
    await query.answer(ok=True)


async def paid(message: Message, tenant: Tenant, payments: PaymentServices) -> None:
    payment = message.successful_payment
    if payment is None or message.from_user is None:
        return
    try:
        await payments.credit_stars(
            StarsPayment(
                tenant,
                message.from_user.id,
                payment.currency,
                payment.total_amount,
                payment.invoice_payload,
                payment.telegram_payment_charge_id,
            )
        )
    except DomainError as exc:  # paid but not credited: an operator must look at it
        log.error(
            "Stars payment not credited",
            extra={"tenant_id": tenant.id, "code": exc.code},
        )
