"""Builders for top-up tests: Luhn-valid cards, the card_to_card flag, pending payments."""

from __future__ import annotations

from typing import Any

from src.application.payments.add_card import AddPaymentCardInput
from src.application.payments.card_top_up import ReceiptInput
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
    return await container.submit_card_receipt()(
        ReceiptInput(
            tenant,
            telegram_id,
            amount,
            offer.card_id,
            offer.card_masked,
            receipt or Receipt("transfer ref 42"),
            plan_id,
        )
    )
