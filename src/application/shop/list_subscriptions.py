from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import ShopUserId, TenantId
from src.core.shop.subscription import Subscription, SubscriptionStatus

MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class SubscriptionPage:
    items: Sequence[Subscription]
    total: int  # every match, not only this page
    as_of: datetime  # the clock's now, for the status of each item

    def status(self, subscription: Subscription) -> SubscriptionStatus:
        return subscription.status(self.as_of)


class ListSubscriptions:
    """A tenant's subscriptions, optionally of one user, paginated.

    Rules: ordered by id; `user_id` filters (a user of another tenant, or none,
    simply matches nothing); the status (active or expired) is computed with the
    clock at the time of the call; the limit is clamped to 1..200 and the offset
    to >= 0; an unknown tenant is not found.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(
        self,
        tenant_id: TenantId,
        *,
        user_id: ShopUserId | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> SubscriptionPage:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            items, total = await uow.subscriptions.list(
                user_id, limit=max(1, min(limit, MAX_LIMIT)), offset=max(0, offset)
            )
        return SubscriptionPage(items, total, self._clock.now())
