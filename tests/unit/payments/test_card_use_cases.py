"""Payment card use cases on in-memory adapters."""

from __future__ import annotations

import pytest

from src.application.payments.add_card import AddPaymentCardInput
from src.application.payments.update_card import UpdatePaymentCardInput
from src.core.errors import (
    DuplicatePaymentCard,
    InvalidCardNumber,
    PaymentCardNotFound,
    ValidationError,
)
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import CardDetails
from src.infrastructure.container import Container
from tests.support.factories import create_tenant

NUMBER = "6037 9975 1234 5670"


async def add(container: Container, tenant_id: TenantId, number: str = NUMBER) -> PaymentCardId:
    data = AddPaymentCardInput(tenant_id, number, CardDetails(" Ali Rezaei ", weight=2))
    return (await container.add_payment_card()(data)).id


async def test_add_list_update_delete(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    card_id = await add(memory_container, tenant.id)
    [card] = await memory_container.list_payment_cards()(tenant.id)
    assert (card.id, card.card_number, card.details.holder_name) == (
        card_id,
        "6037997512345670",
        "Ali Rezaei",
    )
    assert (card.details.weight, card.details.active, card.success_count) == (2, True, 0)

    updated = await memory_container.update_payment_card()(
        UpdatePaymentCardInput(tenant.id, card_id, weight=9, active=False)
    )
    assert (updated.details.weight, updated.details.active) == (9, False)
    assert updated.card_number == card.card_number
    assert await memory_container.get_payment_card()(tenant.id, card_id) == updated

    await memory_container.delete_payment_card()(tenant.id, card_id)
    assert await memory_container.list_payment_cards()(tenant.id) == []
    with pytest.raises(PaymentCardNotFound):
        await memory_container.delete_payment_card()(tenant.id, card_id)


async def test_duplicate_number_per_tenant_only(memory_container: Container) -> None:
    one = (await create_tenant(memory_container, "One")).tenant
    two = (await create_tenant(memory_container, "Two")).tenant
    await add(memory_container, one.id)
    await add(memory_container, two.id, "6037-9975-1234-5670")
    with pytest.raises(DuplicatePaymentCard) as err:
        await add(memory_container, one.id, "6037997512345670")
    assert "5670" not in err.value.message  # no part of the number in the error


async def test_invalid_number_and_details(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    with pytest.raises(InvalidCardNumber):
        await add(memory_container, tenant.id, "6037 9975 1234 5671")
    card_id = await add(memory_container, tenant.id)
    with pytest.raises(ValidationError) as err:
        await memory_container.update_payment_card()(
            UpdatePaymentCardInput(tenant.id, card_id, weight=0)
        )
    assert err.value.field == "weight"
    assert (await memory_container.get_payment_card()(tenant.id, card_id)).details.weight == 2


async def test_another_tenants_card_is_not_found(memory_container: Container) -> None:
    one = (await create_tenant(memory_container, "One")).tenant
    two = (await create_tenant(memory_container, "Two")).tenant
    card_id = await add(memory_container, one.id)
    with pytest.raises(PaymentCardNotFound):
        await memory_container.get_payment_card()(two.id, card_id)
    with pytest.raises(PaymentCardNotFound):
        await memory_container.update_payment_card()(
            UpdatePaymentCardInput(two.id, card_id, active=False)
        )
    with pytest.raises(PaymentCardNotFound):
        await memory_container.delete_payment_card()(two.id, card_id)
    assert (await memory_container.get_payment_card()(one.id, card_id)).details.active
