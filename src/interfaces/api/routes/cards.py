"""`/api/v1/tenants/{tenant_id}/cards`: payment cards for card-to-card top-ups
(docs/payments.md)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from src.application.payments.add_card import AddPaymentCard, AddPaymentCardInput
from src.application.payments.delete_card import DeletePaymentCard
from src.application.payments.get_card import GetPaymentCard
from src.application.payments.list_cards import ListPaymentCards
from src.application.payments.update_card import UpdatePaymentCard, UpdatePaymentCardInput
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import CardDetails
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id, keep_unset
from src.interfaces.api.schemas.shop import CardIn, CardListOut, CardOut, CardPatchIn


class CardsController(Controller):
    path = "/tenants/{tenant_id:int}/cards"
    tags = ("cards",)

    @get("/", **doc(404))
    async def list_cards(
        self, tenant_id: Id, list_payment_cards: NamedDependency[ListPaymentCards]
    ) -> CardListOut:
        """Every payment card, by id."""
        cards = await list_payment_cards(TenantId(tenant_id))
        return CardListOut([CardOut.of(c) for c in cards])

    @post("/", **doc(404, 409))
    async def add_card(
        self,
        tenant_id: Id,
        data: JSONBody[CardIn],
        add_payment_card: NamedDependency[AddPaymentCard],
    ) -> CardOut:
        """Add a card (16-19 digits, Luhn-checked); a number already in this tenant: 409."""
        details = CardDetails(data.holder_name, data.weight, data.active)
        card = await add_payment_card(
            AddPaymentCardInput(TenantId(tenant_id), data.card_number, details)
        )
        return CardOut.of(card)

    @get("/{card_id:int}", **doc(404))
    async def get_card(
        self, tenant_id: Id, card_id: Id, get_payment_card: NamedDependency[GetPaymentCard]
    ) -> CardOut:
        """One card."""
        return CardOut.of(await get_payment_card(TenantId(tenant_id), PaymentCardId(card_id)))

    @patch("/{card_id:int}", **doc(404))
    async def update_card(
        self,
        tenant_id: Id,
        card_id: Id,
        data: JSONBody[CardPatchIn],
        update_payment_card: NamedDependency[UpdatePaymentCard],
    ) -> CardOut:
        """Change the holder name, the weight or the active switch."""
        card = await update_payment_card(
            UpdatePaymentCardInput(
                tenant_id=TenantId(tenant_id),
                card_id=PaymentCardId(card_id),
                holder_name=keep_unset(data.holder_name),
                weight=keep_unset(data.weight),
                active=keep_unset(data.active),
            )
        )
        return CardOut.of(card)

    @delete("/{card_id:int}", **doc(404))
    async def delete_card(
        self, tenant_id: Id, card_id: Id, delete_payment_card: NamedDependency[DeletePaymentCard]
    ) -> None:
        """Remove a card."""
        await delete_payment_card(TenantId(tenant_id), PaymentCardId(card_id))
