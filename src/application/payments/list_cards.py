from __future__ import annotations

from collections.abc import Sequence

from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.payments.card import PaymentCard


class ListPaymentCards:
    """Every payment card of a tenant, by id. Unknown tenant: not found."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId) -> Sequence[PaymentCard]:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            return await uow.cards.list()
