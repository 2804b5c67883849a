"""Which top-up methods a tenant offers, with their amount limits (docs/payments.md)."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import FeatureDisabled, PlanUnavailable, UserNotRegistered
from src.application.tenancy.features import GetFeatures
from src.core.ids import PlanId, TenantId
from src.core.payments.online import CRYPTOPAY, YOOKASSA
from src.core.payments.top_up import TopUpLimits

CARD_TO_CARD, TELEGRAM_STARS = "card_to_card", "telegram_stars"
# the online providers' flags are named after them (src/core/payments/online.py)
TOP_UP_METHODS: tuple[str, ...] = (CARD_TO_CARD, TELEGRAM_STARS, YOOKASSA, CRYPTOPAY)


@dataclass(frozen=True, slots=True)
class TopUpMethod:
    key: str
    limits: TopUpLimits


class TopUpOptions:
    """The top-up menu's facts.

    Rules: only methods whose flag is on, in a fixed order, each with the
    `min_amount` / `max_amount` of its flag config; `limits` of a method that is
    off raises FeatureDisabled (a hidden button is not access control); `missing`
    is what the user lacks to buy a plan (0 when the balance covers it).
    """

    def __init__(self, uow: UnitOfWorkFactory, features: GetFeatures) -> None:
        self._uow, self._features = uow, features

    async def methods(self, tenant_id: TenantId) -> list[TopUpMethod]:
        flags = await self._features(tenant_id)
        return [
            TopUpMethod(key, TopUpLimits.of(flags[key].config))
            for key in TOP_UP_METHODS
            if flags[key].enabled
        ]

    async def limits(self, tenant_id: TenantId, method: str) -> TopUpLimits:
        flags = await self._features(tenant_id)
        if method not in TOP_UP_METHODS or not flags[method].enabled:
            raise FeatureDisabled(f"{method} top-ups are off")
        return TopUpLimits.of(flags[method].config)

    async def missing(self, tenant_id: TenantId, telegram_id: int, plan_id: PlanId) -> int:
        async with self._uow.for_tenant(tenant_id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            plan = await uow.plans.get(plan_id)
        if user is None:
            raise UserNotRegistered("send /start first")
        if plan is None or not plan.terms.active:
            raise PlanUnavailable("this plan is not on sale")
        return max(0, plan.terms.price - user.balance)
