"""`/api/v1/tenants/{tenant_id}/card-payments`: the receipt review through the API
(docs/payments.md#card-to-card).

The same exactly-once decision as the admin chat's buttons; the credential decides
who is recorded (`api:master` or `api:tenant`); another tenant's payment is 404.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import Body, Parameter, QueryParameter

from src.application.payments.card_payment_queries import ListCardPayments
from src.application.payments.decide_card_payment import (
    DecideCardPayment,
    Decider,
    DecisionInput,
)
from src.core.ids import TenantId
from src.core.payments.card_payment import CardPaymentStatus
from src.interfaces.api.auth import Caller
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.card_payments import (
    CardPaymentPageOut,
    DecisionOut,
    RejectIn,
)
from src.interfaces.api.schemas.common import Id

Limit = Annotated[int, Parameter(ge=1, le=ListCardPayments.MAX_LIMIT)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]
StatusFilter = Annotated[
    CardPaymentStatus | None, QueryParameter(description="only payments in this status")
]


def _decider(caller: Caller) -> Decider:
    return Decider(api="master" if caller.is_master else "tenant")


class CardPaymentsController(Controller):
    path = "/tenants/{tenant_id:int}/card-payments"
    tags = ("card payments",)

    @get("/", **doc(404))
    async def list_card_payments(
        self,
        tenant_id: Id,
        list_card_payments: NamedDependency[ListCardPayments],
        status: StatusFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> CardPaymentPageOut:
        """Card payments, newest first, optionally of one `status`."""
        page = await list_card_payments(TenantId(tenant_id), status, limit=limit, offset=offset)
        return CardPaymentPageOut.of(page)

    @post("/{payment_id:int}/approve", status_code=200, **doc(404, 409))
    async def approve_card_payment(
        self,
        tenant_id: Id,
        payment_id: Id,
        caller: NamedDependency[Caller],
        decide_card_payment: NamedDependency[DecideCardPayment],
    ) -> DecisionOut:
        """Approve a pending payment: its amount is credited once. Decided before or
        expired: 409 `card_payment_already_decided`."""
        decision = await decide_card_payment(
            DecisionInput(TenantId(tenant_id), payment_id, True, _decider(caller))
        )
        return DecisionOut.of(decision)

    @post("/{payment_id:int}/reject", status_code=200, **doc(404, 409))
    async def reject_card_payment(
        self,
        tenant_id: Id,
        payment_id: Id,
        caller: NamedDependency[Caller],
        decide_card_payment: NamedDependency[DecideCardPayment],
        data: Annotated[RejectIn | None, Body()] = None,
    ) -> DecisionOut:
        """Reject a pending payment, with an optional `note` for the user. Decided
        before or expired: 409 `card_payment_already_decided`."""
        note = data.note if data is not None and data.note is not msgspec.UNSET else None
        decision = await decide_card_payment(
            DecisionInput(TenantId(tenant_id), payment_id, False, _decider(caller), note)
        )
        return DecisionOut.of(decision)
