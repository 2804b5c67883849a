"""A purchase that waited for a top-up (docs/shop.md#purchase): finished once the money is in."""

from __future__ import annotations

import logging

from src.application.notices import (
    ActivationRefunded,
    PurchaseAfterTopUpFailed,
    PurchaseStillShort,
    SubscriptionActivating,
    SubscriptionReady,
    UserNotice,
)
from src.application.ports.notices import UserNotifier
from src.application.shop.errors import NotEnoughBalance
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput, PurchasePlan
from src.application.tenancy.get_tenant import GetTenant
from src.core.errors import DomainError
from src.core.ids import PlanId, TenantId

log = logging.getLogger(__name__)


class FinishPurchaseAfterTopUp:
    """Buy the plan the user was short for, right after a top-up was credited.

    Rules: the purchase's request key is the top-up's own (`after-topup:<method>:<id>`),
    so a repeated credit notification never buys twice; a balance still short
    (spent meanwhile) or a plan gone leaves the money on the balance and says so;
    the user is told the outcome either way. Never raises: the credit stands.
    """

    def __init__(self, purchase: PurchasePlan, tenants: GetTenant, notifier: UserNotifier) -> None:
        self._purchase, self._tenants, self._notifier = purchase, tenants, notifier

    async def __call__(
        self, tenant_id: TenantId, telegram_id: int, lang: str, plan_id: PlanId, key: str
    ) -> bool:
        done: type[UserNotice] | None
        try:
            tenant = await self._tenants(tenant_id)
            outcome = await self._purchase(PurchaseInput(tenant, telegram_id, plan_id, key))
        except NotEnoughBalance:
            done, bought = PurchaseStillShort, False
        except DomainError as exc:
            log.warning(
                "purchase after a top-up failed", extra={"tenant_id": tenant_id, "code": exc.code}
            )
            done, bought = PurchaseAfterTopUpFailed, False
        else:
            bought = True
            done = {
                Provisioned.REFUNDED: ActivationRefunded,
                Provisioned.RETRYING: SubscriptionActivating,
            }.get(outcome.provisioning)
        if done is not None:
            await self._notifier.notify(
                done(tenant_id=tenant_id, chat_id=telegram_id, language=lang)
            )
        else:
            sub = outcome.subscription
            ready = SubscriptionReady(
                tenant_id=tenant_id,
                chat_id=telegram_id,
                language=lang,
                expires_at=sub.expires_at,
                link=sub.subscription_url,
            )
            await self._notifier.notify(ready)
        return bought
