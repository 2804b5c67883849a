"""Builders for top-up tests: Luhn-valid cards, the card_to_card flag, pending payments."""

from __future__ import annotations

from typing import Any

from src.application.payments.add_card import AddPaymentCardInput
from src.application.payments.card_top_up import CardOffer, ReceiptInput
from src.application.tenancy.features import SetFeatureInput
from src.core.ids import PlanId, TenantId
from src.core.payments.card import CardDetails, PaymentCard, luhn_valid
from src.core.payments.card_payment import CardPayment, Receipt
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container


def luhn_number(prefix: str) -> str:
    """`prefix` (15 digits) completed with its Luhn check digit."""
    for digit in "0123456789":
        if luhn_valid(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def card_numbers(count: int, base: int = 603799000000000) -> list[str]:
    return [luhn_number(str(base + i)) for i in range(count)]


async def enable(container: Container, tenant_id: TenantId, key: str, **config: Any) -> None:
    await container.set_feature()(SetFeatureInput(tenant_id, key, True, config or None))


async def add_cards(
    container: Container, tenant_id: TenantId, count: int, *, weights: list[int] | None = None
) -> list[PaymentCard]:
    add = container.add_payment_card()
    cards = []
    for i, number in enumerate(card_numbers(count)):
        details = CardDetails(f"Holder {i}", weights[i] if weights else 1)
        cards.append(await add(AddPaymentCardInput(tenant_id, number, details)))
    return cards


async def pending_payment(
    container: Container,
    tenant: Tenant,
    telegram_id: int,
    amount: int = 50_000,
    receipt: Receipt | None = None,
    plan_id: PlanId | None = None,
) -> CardPayment:
    """What the bot does: hand out a card for `amount`, then submit the receipt."""
    offer = await container.start_card_top_up()(tenant, telegram_id, amount)
    submitted = await container.submit_card_receipt()(
        receipt_for(tenant, telegram_id, offer, receipt or Receipt("transfer ref 42"), plan_id)
    )
    return submitted.payment


def receipt_for(
    tenant: Tenant,
    telegram_id: int,
    offer: CardOffer,
    receipt: Receipt,
    plan_id: PlanId | None = None,
    media_group_id: str | None = None,
) -> ReceiptInput:
    """The receipt the bot submits for `offer`."""
    return ReceiptInput(
        tenant,
        telegram_id,
        offer.amount,
        offer.card_id,
        offer.card_masked,
        receipt,
        plan_id,
        offer_key=offer.offer_key,
        media_group_id=media_group_id,
    )
